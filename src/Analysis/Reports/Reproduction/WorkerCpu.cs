using System.Globalization;
using Testbed.Analysis.Results;

namespace Testbed.Analysis.Reproduction;

/// <summary>
/// The processor(s) a run's workers ran on and their intra-op threads: what decides whether two
/// runs must give identical bits. The workers' CPU is the nodes' on a cluster that recorded them,
/// else this host's. Older manifests without instruction sets are judged by the model alone.
/// </summary>
public sealed record WorkerCpu(IReadOnlyList<string> Models, IReadOnlyList<string> Classes, IReadOnlyList<string>? InstructionSets, IReadOnlyDictionary<string,
    int> Threads)
{
    public static WorkerCpu Of(RunFolder folder)
    {
        var manifest = folder.Manifest;
        var nodes = manifest.Cluster?.Nodes.Select(n => n.Cpu).ToList() ?? [];
        IReadOnlyList<CpuEntry?> cpus = nodes.Count > 0 && nodes.All(c => c is not null) ? nodes : [manifest.Host.Cpu];
        var known = cpus.OfType<CpuEntry>().ToList();
        return new WorkerCpu(
            known.Count > 0 ? Distinct(known.Select(c => c.Model)) : [manifest.Host.CpuModel],
            Distinct(known.Select(c => c.Class)),
            known.Count > 0 ? Distinct(known.Select(c => string.Join(" ", c.InstructionSets))) : null,
            ThreadsOf(folder));
    }

    /// <summary>The one class every worker's CPU has, or null when unknown or mixed (then no reference entry applies).</summary>
    public string? Class => Classes.Count == 1 ? Classes[0] : null;

    /// <summary>The one thread count of every workload, or null when they differ.</summary>
    public int? ThreadsPerWorker => Threads.Values.Distinct().Count() == 1 ? Threads.Values.First() : null;

    /// <summary>Same models, same instruction sets (when both runs recorded them), same threads for every workload.</summary>
    public bool SameAs(WorkerCpu other) =>
        Models.SequenceEqual(other.Models)
        && (InstructionSets is null || other.InstructionSets is null || InstructionSets.SequenceEqual(other.InstructionSets))
        && Threads.Count == other.Threads.Count && Threads.All(t => other.Threads.TryGetValue(t.Key, out var n) && n == t.Value);

    /// <summary>"AMD EPYC 9B14 (x86-64-v4 AuthenticAMD), 1 thread per worker".</summary>
    public string Describe()
    {
        var classes = Classes.Count == 0 ? "instruction sets not recorded" : string.Join(", ", Classes);
        var threads = Threads.Values.Distinct().ToList() switch
        {
            [] => "threads unknown",
            [var one] => $"{one.ToString(CultureInfo.InvariantCulture)} thread{(one == 1 ? "" : "s")} per worker",
            _ => string.Join(", ",
                Threads.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} {t.Value.ToString(CultureInfo.InvariantCulture)} threads")),
        };
        return $"{string.Join(", ", Models)} ({classes}), {threads}";
    }

    /// <summary>Threads per workload: the manifest's record, else what the workers' records say.</summary>
    private static IReadOnlyDictionary<string, int> ThreadsOf(RunFolder folder)
    {
        var threads = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in folder.Manifest.Experiments)
        {
            foreach (var (workload, n) in entry.Threads ?? new Dictionary<string, int>())
                threads[$"{entry.Name}/{workload}"] = n;
        }
        if (threads.Count > 0) return threads;
        foreach (var repetition in folder.Repetitions)
        {
            foreach (var (workload, workers) in repetition.Workloads)
            {
                var seen = workers.SelectMany(w => w.Epochs.Select(e => e.Threads)).Distinct().ToList();
                if (seen.Count == 1) threads[$"{repetition.Scenario}/{workload}"] = seen[0];
            }
        }
        return threads;
    }

    private static List<string> Distinct(IEnumerable<string> values) => values.Distinct().Order(StringComparer.Ordinal).ToList();
}
