using Testbed.Analysis.Results;

namespace Testbed.Analysis.Summary;

/// <summary>Per-node resource use over time, from one repetition's metrics.csv.</summary>
internal static class ResourceAggregator
{
    private const double Mega = 1e6;

    /// <summary>
    /// One repetition, not an average: samples of different repetitions do not line up in time, and
    /// an average would smooth away the very spikes a reader looks for.
    /// </summary>
    public static ResourceSeries? FirstMeasured(IEnumerable<Repetition> measured)
    {
        var repetition = measured.Where(r => r.Metrics.Count > 0).OrderBy(r => r.Index).FirstOrDefault();
        return repetition is null ? null : new ResourceSeries(repetition.Index, Aggregate(repetition.Metrics));
    }

    public static IReadOnlyList<NodeSample> Aggregate(IReadOnlyList<MetricSample> metrics)
    {
        // Rates per worker first (counters are cumulative per worker), then summed per node and second.
        var perWorker = metrics
            .GroupBy(m => (m.Workload, m.Rank))
            .SelectMany(g =>
            {
                var ordered = g.OrderBy(m => m.ElapsedSeconds).ToList();
                return ordered.Select((m, i) =>
                {
                    var previous = i > 0 ? ordered[i - 1] : null;
                    var dt = previous is null ? m.ElapsedSeconds : m.ElapsedSeconds - previous.ElapsedSeconds;
                    // A counter that went down was reset (the container's interface went away as it
                    // exited): that interval has no rate, rather than a huge negative one.
                    double? Rate(long now, long before) => dt > 0 && now >= before ? (now - before) / dt / Mega : null;
                    return (m.Node, Second: Math.Round(m.ElapsedSeconds), m.CpuPercent, MemoryMegabytes: m.MemoryBytes / Mega,
                        Rx: Rate(m.NetRxBytes, previous?.NetRxBytes ?? 0), Tx: Rate(m.NetTxBytes, previous?.NetTxBytes ?? 0));
                });
            });
        return perWorker
            .GroupBy(x => (x.Node, x.Second))
            .OrderBy(g => g.Key.Node, StringComparer.Ordinal).ThenBy(g => g.Key.Second)
            .Select(g => new NodeSample(g.Key.Node, g.Key.Second, SumOfPresent(g.Select(x => x.CpuPercent)), SumOfPresent(g.Select(x => x.MemoryMegabytes)),
                SumOfPresent(g.Select(x => x.Rx)), SumOfPresent(g.Select(x => x.Tx))))
            .ToList();
    }

    /// <summary>The sum of the values present; null when none is.</summary>
    private static double? SumOfPresent(IEnumerable<double?> values)
    {
        var present = values.OfType<double>().ToList();
        return present.Count == 0 ? null : present.Sum();
    }
}
