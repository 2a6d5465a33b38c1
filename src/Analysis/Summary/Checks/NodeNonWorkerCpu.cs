using Testbed.Analysis.Results;

namespace Testbed.Analysis.Checks;

/// <summary>
/// What a node spent besides its workers in one repetition: the node's CPU (nodes.csv: everything on
/// it, engine, sshd, the sampler's probes) minus its workers' CPU (metrics.csv) at the same seconds.
/// Both files are stamped by the machine driving the run, so their UTC seconds line up.
/// </summary>
internal static class NodeNonWorkerCpu
{
    /// <summary>Fewer matched seconds than this give no mean worth judging.</summary>
    public const int MinimumSeconds = 5;

    /// <summary>Per node: mean non-worker CPU (% of one core) over the seconds where the node and every worker on it were read; nodes with too few such seconds
    /// are left out.</summary>
    public static IReadOnlyDictionary<string, double> Of(Repetition repetition)
    {
        static long Second(DateTimeOffset t) => (long)Math.Round(t.ToUnixTimeMilliseconds() / 1000.0);
        var result = new Dictionary<string, double>();
        foreach (var node in repetition.NodeMetrics.GroupBy(n => n.Node).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var nodeCpu = node.Where(n => n.CpuPercent is not null).GroupBy(n => Second(n.TimestampUtc)).ToDictionary(g => g.Key, g =>
                g.Average(n => n.CpuPercent!.Value));
            var workers = repetition.Metrics.Where(m => m.Node == node.Key).GroupBy(m => (m.Workload, m.Rank))
                .Select(w =>
                    w.Where(m => m.CpuPercent is not null).GroupBy(m => Second(m.TimestampUtc)).ToDictionary(g => g.Key, g =>
                    g.Average(m => m.CpuPercent!.Value)))
                .ToList();
            if (workers.Count == 0) continue;
            var differences = nodeCpu.Where(s => workers.All(w => w.ContainsKey(s.Key))).Select(s => s.Value - workers.Sum(w => w[s.Key])).ToList();
            if (differences.Count >= MinimumSeconds)
                result[node.Key] = differences.Average();
        }
        return result;
    }
}
