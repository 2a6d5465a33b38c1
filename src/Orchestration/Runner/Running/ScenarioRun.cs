using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Images;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Running;

/// <summary>What a run needs from the stages before it: the rootfs, the published trainer and the image they left, and the cache (cluster keys).</summary>
public sealed record RunInputs(string RepositoryRoot, RootfsImage Rootfs, int UserId, string PublishDirectory, string SessionsDirectory, TrainerImage Image,
    string CacheDirectory)
{
    /// <summary>Names of virtual nodes' resources (tests use a prefix of their own).</summary>
    public VirtualNodeNaming Naming { get; init; } = VirtualNodeNaming.Default;

    /// <summary>Foreign trainers' runtimes (rootfs, image, trainers/), for runs that have such workloads.</summary>
    public ForeignRuntimes Foreign { get; init; } = ForeignRuntimes.None;
}

/// <summary>
/// The RunScenario stage in one call: a new run folder with copies of its inputs, the run's
/// cluster made ready, its manifest, both modes, the runner. The folder's path is written to <paramref name="lastRunFile"/>
/// as soon as it exists, so the Report stage finds exactly this run, also when it failed half-way.
/// </summary>
public static class ScenarioRun
{
    public static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    /// <param name="readPrecision">How precise each scenario's headline is in a run folder (the analysis's reading); null adds no rounds and records no
    /// half-widths.</param>
    public static async Task<RunOutcome> ExecuteAsync(PreparedRun run, RunInputs inputs, IRunDisplay display, IReporter reporter, string lastRunFile,
        CancellationToken cancellation,
        Func<string, IReadOnlyList<HeadlinePrecision>>? readPrecision = null)
    {
        LastRunFile.MarkStarted(lastRunFile);
        using var engine = new DockerEngine();
        var started = DateTimeOffset.UtcNow;
        var git = await GitInfo.ReadAsync(inputs.RepositoryRoot, cancellation);
        var host = HostReading.Read(await engine.VersionAsync(cancellation));

        // A driver killed outright (SIGKILL) left its temp folders here: removed before this run adds its own.
        Processes.OwnedTempFolders.Sweep(reporter);
        // The cluster first: a run folder is made only for a run that can start.
        await using var target = run.Cluster.Kind == ClusterKind.Local
            ? await RunTarget.LocalAsync(run, inputs, engine, reporter, RunLayout.RunId(started, git.Sha), cancellation)
            : await RunTarget.ClusterAsync(run, inputs, engine, reporter, RunLayout.RunId(started, git.Sha), cancellation);

        var directory = RunLayout.CreateRunFolder(run.Request.ResultsDirectory, started, git.Sha);
        InputCopies.Write(directory, run);
        LastRunFile.Write(lastRunFile, directory);
        var runId = Path.GetFileName(directory);
        reporter.Info($"Results go to {directory}");
        var manifest = ManifestFactory.Create(runId, started, git, run, host, inputs.Rootfs, inputs.Image, target.Placement,
            SampleInterval) with { Cluster = target.Cluster };
        // Foreign trainers' runtimes: which bits their workers ran, as the rootfs and image entries say for ours.
        manifest = manifest with
        {
            Notes = [.. manifest.Notes, .. inputs.Foreign.ByName.Values.Select(r =>
                $"foreign runtime {r.Name}: rootfs {r.Rootfs.Hash}, image {r.Image.Tag} ({r.Image.Id}), trainers/ {r.TrainersHash}")],
        };
        var estimate = new DurationEstimate();
        // The time budget counts from here: making the cluster ready, measuring the wire and the observer spend it too.
        var precision = readPrecision is null ? null : new PrecisionControl(readPrecision, started);
        manifest.Write(directory);
        var observer = await new ObserverCostRun(target.Modes, target.Monitor, SampleInterval, directory, runId) { RingTags = target.Cluster.RingTags ?? true }
            .MeasureAsync(run.Plan, run.Request.ObserverPairs, display, estimate, cancellation);
        manifest = manifest with { Observer = observer };
        return await new ScenarioRunner(target.Modes, display, SampleInterval, target.Monitor, run.Request.Recovery, target.NodeStopper, precision)
            .RunAsync(run.Plan, directory, manifest, estimate, cancellation);
    }
}
