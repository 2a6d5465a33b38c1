using Testbed.Analysis.Results;
using Testbed.Analysis.Stats;
using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Checks;

/// <summary>
/// A rate the report shows above what the network path it crossed can carry (the manifest's iperf3
/// throughput of that mode's path): a worker's all-reduce payload (metrics.csv) or a node's LAN
/// traffic (nodes.csv). Honest data cannot do that; it means a rate computation or a counter is wrong.
/// </summary>
internal sealed class NetworkPathCheck : ICheck
{
    /// <summary>A node's LAN rate is taken over at least this long: its samples' stamps jitter by up to a second.</summary>
    public const double NodeWindowSeconds = 5;

    private const double MegabytesPerGigabit = 1000.0 / 8;

    public string Name => "rate above the network path";

    public string Rule =>
        $"a worker's payload receive or send rate (as the resource table computes it), or a node's LAN rate over {NodeWindowSeconds:0} s or more, " +
                          "above the measured throughput (manifest cluster.wire, iperf3) of the path its mode uses";

    public IEnumerable<Finding> Run(CheckInput input)
    {
        var wire = input.Manifest.Cluster?.Wire ?? [];
        if (wire.Count == 0)
        {
            yield return Finding.Skipped(this, Place.Run, "the manifest has no measured network path (cluster.wire: folders from before it)");
            yield break;
        }
        foreach (var scenario in input.Scenarios)
        {
            foreach (var mode in scenario.Modes)
            {
                var path = wire.FirstOrDefault(w => w.Modes.Contains(mode.ToName()) && w.GbitsPerSecond is > 0);
                if (path is null)
                {
                    yield return Finding.Skipped(this, new Place(scenario.Name, mode), "the manifest has no throughput for this mode's path" +
                        (wire.FirstOrDefault(w => w.Modes.Contains(mode.ToName()))?.Problem is { } problem ? $" ({problem})" : ""));
                    continue;
                }
                var limit = path.GbitsPerSecond!.Value * MegabytesPerGigabit;
                var measured = $"the {path.Path} path's {Format.Number(limit, "#,0")} MB/s (iperf3 " +
                    $"{path.From} -> {path.To}, {Format.Number(path.GbitsPerSecond, "0.00")} Gbit/s)";
                foreach (var repetition in scenario.Of(mode))
                {
                    foreach (var finding in Workers(scenario.Name, repetition, limit, measured).Concat(Nodes(scenario.Name, repetition, limit, measured)))
                        yield return finding;
                }
            }
        }
    }

    private IEnumerable<Finding> Workers(string scenario, Repetition repetition, double limit, string measured)
    {
        foreach (var (workload, worker, samples) in WorkerCounters.Workers(repetition))
        {
            var rates = new[] { ("receive", (Func<MetricSample, long>)(m => m.NetRxBytes)), ("send", m => m.NetTxBytes) }
                .Select(c => (Direction: c.Item1, Rates: PayloadRates.Spread(samples.Select(s => (s.ElapsedSeconds, c.Item2(s))).ToList())))
                .Select(c => (c.Direction, Peak: c.Rates.Select((r, i) => (Rate: r ?? 0, At: samples[i].ElapsedSeconds)).DefaultIfEmpty().MaxBy(x => x.Rate)))
                .Where(c => c.Peak.Rate > limit);
            foreach (var (direction, peak) in rates)
            {
                yield return Above(new Place(scenario, repetition.Mode, repetition.Index, repetition.Round, workload, worker.Rank, worker.Node),
                    $"payload {direction} {Format.Number(peak.Rate, "#,0")} MB/s at {Format.Number(peak.At, "0")} s against {measured}");
            }
        }
    }

    private IEnumerable<Finding> Nodes(string scenario, Repetition repetition, double limit, string measured)
    {
        foreach (var node in repetition.NodeMetrics.GroupBy(n => n.Node).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ordered = node.OrderBy(n => n.ElapsedSeconds).ToList();
            foreach (var (direction, counter) in new[] { ("receive", (Func<NodeMetricSample, long?>)(n => n.NetRxBytes)), ("send", n => n.NetTxBytes) })
            {
                var peak = WindowRates(ordered.Where(n => counter(n) is not null).Select(n =>
                    (n.ElapsedSeconds, counter(n)!.Value)).ToList()).DefaultIfEmpty().MaxBy(w => w.Rate);
                if (peak.Rate > limit)
                {
                    yield return Above(new Place(scenario, repetition.Mode, repetition.Index, repetition.Round, Node: node.Key),
                        $"LAN {direction} {Format.Number(peak.Rate, "#,0")} MB/s over {Format.Number(peak.Seconds, "0.0")} s " +
                            $"from {Format.Number(peak.At, "0")} s against {measured}");
                }
            }
        }
    }

    /// <summary>Rates (MB/s) over consecutive windows of at least <see cref="NodeWindowSeconds"/>; a counter that went down starts a new window.</summary>
    internal static IEnumerable<(double Rate, double At, double Seconds)> WindowRates(IReadOnlyList<(double Seconds, long Bytes)> samples)
    {
        var start = 0;
        for (var i = 1; i < samples.Count; i++)
        {
            var span = samples[i].Seconds - samples[start].Seconds;
            if (samples[i].Bytes < samples[start].Bytes) { start = i; continue; }
            if (span < NodeWindowSeconds) continue;
            yield return ((samples[i].Bytes - samples[start].Bytes) / span / 1e6, samples[start].Seconds, span);
            start = i;
        }
    }

    private Finding Above(Place where, string seen) => new(Name, Severity.Warning, where, seen,
        "no honest counter moves faster than the path it crosses: this rate is an artifact (a counter read wrong, or " +
            "a rate computed over the wrong interval), and the resource table and charts that show it are wrong too",
        "look at the counter's samples in metrics.csv or nodes.csv around that time (a jump, a dip " +
            "to 0, two samples ms apart); fix the probe or the rate computation, not the threshold");
}
