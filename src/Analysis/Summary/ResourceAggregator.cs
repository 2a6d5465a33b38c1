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
                var rx = PayloadRates.Spread(ordered.Select(m => (m.ElapsedSeconds, m.NetRxBytes)).ToList());
                var tx = PayloadRates.Spread(ordered.Select(m => (m.ElapsedSeconds, m.NetTxBytes)).ToList());
                // One value per worker and second: two samples of a worker a few ms apart (a late tick
                // and the one after it) would otherwise be summed as if they were two workers.
                return ordered.Select((m, i) =>
                    (m.Node, Second: Math.Round(m.ElapsedSeconds), m.CpuPercent, MemoryMegabytes: m.MemoryBytes / Mega, Rx: rx[i], Tx: tx[i]))
                    .GroupBy(x => x.Second)
                    .Select(s => (s.First().Node, Second: s.Key, CpuPercent: MeanOfPresent(s.Select(x => x.CpuPercent)),
                        MemoryMegabytes: MeanOfPresent(s.Select(x => x.MemoryMegabytes)), Rx: MeanOfPresent(s.Select(x => x.Rx)),
                            Tx: MeanOfPresent(s.Select(x => x.Tx))));
            });
        return perWorker
            .GroupBy(x => (x.Node, x.Second))
            .OrderBy(g => g.Key.Node, StringComparer.Ordinal).ThenBy(g => g.Key.Second)
            .Select(g => new NodeSample(g.Key.Node, g.Key.Second, SumOfPresent(g.Select(x => x.CpuPercent)), SumOfPresent(g.Select(x => x.MemoryMegabytes)),
                SumOfPresent(g.Select(x => x.Rx)), SumOfPresent(g.Select(x => x.Tx))))
            .ToList();
    }

    /// <summary>The mean of the values present; null when none is.</summary>
    private static double? MeanOfPresent(IEnumerable<double?> values)
    {
        var present = values.OfType<double>().ToList();
        return present.Count == 0 ? null : present.Average();
    }

    /// <summary>The sum of the values present; null when none is.</summary>
    private static double? SumOfPresent(IEnumerable<double?> values)
    {
        var present = values.OfType<double>().ToList();
        return present.Count == 0 ? null : present.Sum();
    }
}
