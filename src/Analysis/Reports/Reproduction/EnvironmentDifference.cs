using System.Globalization;
using Testbed.Analysis.Results;

namespace Testbed.Analysis.Reproduction;

/// <summary>
/// One recorded fact of the environment that differs between the two runs (a manifest field): the
/// first place to look when a result drifted, so the reproduction lists these before any number.
/// </summary>
public sealed record EnvironmentDifference(string Item, string Original, string Rerun)
{
    private const string NotRecorded = "not recorded";

    /// <summary>Everything recorded that could change a result, in the order a reader checks it.</summary>
    public static IReadOnlyList<EnvironmentDifference> Between(RunFolder original, RunFolder rerun)
    {
        var a = original.Manifest;
        var b = rerun.Manifest;
        var differences = new List<EnvironmentDifference>();
        void Add(string item, string? x, string? y)
        {
            if (x != y) differences.Add(new EnvironmentDifference(item, x ?? NotRecorded, y ?? NotRecorded));
        }

        Add("git commit", Commit(a.Git), Commit(b.Git));
        foreach (var name in a.Experiments.Select(e => e.Name).Union(b.Experiments.Select(e => e.Name)))
        {
            Add($"experiment {name} (SHA-256 of its file)", a.Experiments.FirstOrDefault(e => e.Name == name)?.Sha256,
                b.Experiments.FirstOrDefault(e => e.Name == name)?.Sha256);
        }
        Add("image id", a.Image.Id, b.Image.Id);
        Add("rootfs package list (SHA-256)", a.Rootfs.PackagesSha256, b.Rootfs.PackagesSha256);
        Add("rootfs recipe", a.Rootfs.RecipeHash, b.Rootfs.RecipeHash);
        Add("trainer version", a.TrainerVersion, b.TrainerVersion);
        var cpuA = WorkerCpu.Of(original);
        var cpuB = WorkerCpu.Of(rerun);
        Add("CPU model", string.Join(", ", cpuA.Models), string.Join(", ", cpuB.Models));
        Add("CPU class", Join(cpuA.Classes), Join(cpuB.Classes));
        if (cpuA.InstructionSets is { } setsA && cpuB.InstructionSets is { } setsB && !setsA.SequenceEqual(setsB))
            differences.Add(new EnvironmentDifference("CPU instruction sets", OnlyIn(setsA, setsB), OnlyIn(setsB, setsA)));
        Add("threads per worker", Threads(cpuA), Threads(cpuB));
        Add("kernel", a.Host.Kernel, b.Host.Kernel);
        Add("Docker version", a.Host.DockerVersion, b.Host.DockerVersion);
        Add("operating system", a.Host.Os, b.Host.Os);
        Add("host", a.Host.Hostname, b.Host.Hostname);
        Add("cores", a.Host.Cores.ToString(CultureInfo.InvariantCulture), b.Host.Cores.ToString(CultureInfo.InvariantCulture));
        Add("cluster", Cluster(a.Cluster), Cluster(b.Cluster));
        Add("nodes' Docker versions", Engines(a.Cluster), Engines(b.Cluster));
        Add("notes (what the pipeline changed, e.g. CPU shares scaled)", Join(a.Notes), Join(b.Notes));
        return differences;
    }

    private static string Commit(GitFacts git) => git.Dirty ? $"{git.Sha} (uncommitted changes)" : git.Sha;

    private static string? Join(IReadOnlyList<string> values) => values.Count == 0 ? null : string.Join("; ", values);

    private static string Threads(WorkerCpu cpu) =>
        string.Join(", ", cpu.Threads.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} {t.Value.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>The instruction sets one side has and the other lacks ("avx512f avx512bw ..."), or "none other".</summary>
    private static string OnlyIn(IReadOnlyList<string> these, IReadOnlyList<string> others)
    {
        var own = these.SelectMany(s => s.Split(' ')).Except(others.SelectMany(s => s.Split(' '))).ToList();
        return own.Count == 0 ? "no others" : "also " + string.Join(" ", own);
    }

    private static string Cluster(ClusterEntry? cluster) => cluster is null ? "this host (before clusters)"
        : $"{cluster.Name} ({cluster.Kind}, file SHA-256 {cluster.Sha256 ?? "none"})";

    /// <summary>A cluster's own engines; on the local cluster the one node is this host, whose engine is listed already.</summary>
    private static string? Engines(ClusterEntry? cluster) =>
        cluster is null or { Kind: "local" } ? null : string.Join(", ", cluster.Nodes.Select(n => $"{n.Name} {n.DockerVersion}"));
}
