using Testbed.Analysis.Results;

namespace Testbed.Analysis.Summary;

/// <summary>A whole node over one repetition (nodes.csv): mean CPU, peak memory, mean LAN traffic.</summary>
public sealed record NodeTotal(string Node, double? MeanCpuPercent, double? PeakMemoryMegabytes, double? ReceiveMegabytesPerSecond,
    double? SendMegabytesPerSecond);

/// <summary>Every node of one repetition (the first measured one of a mode).</summary>
public sealed record NodeTotalsSeries(int Repetition, IReadOnlyList<NodeTotal> Nodes);

internal static class NodeTotalsAggregator
{
    private const double Mega = 1e6;

    public static NodeTotalsSeries? FirstMeasured(IEnumerable<Repetition> measured)
    {
        var repetition = measured.Where(r => r.NodeMetrics.Count > 0).OrderBy(r => r.Index).FirstOrDefault();
        return repetition is null ? null : new NodeTotalsSeries(repetition.Index, Totals(repetition.NodeMetrics));
    }

    public static IReadOnlyList<NodeTotal> Totals(IReadOnlyList<NodeMetricSample> samples) =>
        samples.GroupBy(s => s.Node).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var ordered = g.OrderBy(s => s.ElapsedSeconds).ToList();
            var cpu = ordered.Select(s => s.CpuPercent).OfType<double>().ToList();
            var memory = ordered.Select(s => s.MemoryBytes).OfType<long>().ToList();
            // Counters are cumulative: the mean rate is the difference over the time between the first and last reading.
            double? Rate(Func<NodeMetricSample, long?> counter)
            {
                var read = ordered.Where(s => counter(s) is not null).ToList();
                if (read.Count < 2 || read[^1].ElapsedSeconds <= read[0].ElapsedSeconds) return null;
                var bytes = counter(read[^1])!.Value - counter(read[0])!.Value;
                return bytes < 0 ? null : bytes / (read[^1].ElapsedSeconds - read[0].ElapsedSeconds) / Mega;
            }
            return new NodeTotal(g.Key, cpu.Count == 0 ? null : cpu.Average(), memory.Count == 0 ? null : memory.Max() / Mega,
                Rate(s => s.NetRxBytes), Rate(s => s.NetTxBytes));
        }).ToList();
}
