using System.Text.Json;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Images;
using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Running;

/// <summary>The manifest a run starts with: what was asked, what ran it, and on what.</summary>
public static class ManifestFactory
{
    public static RunManifest Create(string runId, DateTimeOffset started, GitFacts git, PreparedRun run, HostDescription host,
        RootfsImage rootfs, TrainerImage image, string placement, TimeSpan sampleInterval) => new()
    {
        RunId = runId,
        StartedUtc = started,
        Git = git,
        Parameters = run.Request.Parameters,
        Experiments = run.Experiments.Select(e => new ExperimentEntry(e.Name, e.File, e.Sha256, JsonSerializer.SerializeToElement(e, RunJson.Options))
        {
            Threads = e.Workloads.ToDictionary(w => w.Name, WorkloadLaunch.ThreadsOf),
        }).ToList(),
        Host = host,
        Rootfs = new RootfsEntry(rootfs.Hash, ContentHash.Of(rootfs.Directory, [rootfs.PackageList])),
        Image = new ImageEntry(image.Id, image.Tag),
        TrainerVersion = $"{typeof(ManifestFactory).Assembly.GetName().Version} (app layer {image.ContentHash})",
        Seeds = run.Experiments.SelectMany(e => e.Workloads.Select(w => w.Seed)).Distinct().Order().ToList(),
        Sampler = new SamplerEntry((int)sampleInterval.TotalMilliseconds, 0),
        NativeAllotment = CpuCgroup.Describe(),
        Placement = placement,
        Notes = run.Notes,
    };
}
