using Testbed.Analysis.Results;
using Testbed.Analysis.Stats;
using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Charts;

/// <summary>A sweep's measured quantities against the swept axis: ms/step per mode, and the container overhead with its interval, one line per value of the
/// other axis.</summary>
public static class SweepCharts
{
    public static IEnumerable<ReportChart> Of(SweepSummary sweep)
    {
        // A chart needs a line: step times need a mode with steps, the overhead a point with both modes.
        var steps = sweep.Rows.Any(r => r.MsPerStep.Values.Any(v => v is not null));
        var overhead = sweep.Rows.Any(r => r.StepOverhead is not null);
        if (sweep.SweepsNodes && steps) yield return StepTime(sweep, "nodes", r => r.Nodes, r => r.Batch is { } b ? $"batch {Format.Int(b)}" : "");
        if (sweep.SweepsNodes && overhead) yield return Overhead(sweep, "nodes", r => r.Nodes, r => r.Batch is { } b ? $"batch {Format.Int(b)}" : "");
        if (sweep.SweepsBatch && steps) yield return StepTime(sweep, "batch", r => r.Batch ?? 0, r => $"{Format.Int(r.Nodes)} nodes");
        if (sweep.SweepsBatch && overhead) yield return Overhead(sweep, "batch", r => r.Batch ?? 0, r => $"{Format.Int(r.Nodes)} nodes");
    }

    private static ReportChart StepTime(SweepSummary sweep, string axis, Func<SweepRow, int> x, Func<SweepRow, string> series)
    {
        var traces = sweep.Rows.GroupBy(series).SelectMany((group, i) =>
            ModeNames.All.Where(m => group.Any(r => r.MsPerStep.GetValueOrDefault(m) is not null)).Select(mode =>
        {
            var rows = group.Where(r => r.MsPerStep.GetValueOrDefault(mode) is not null).OrderBy(x).ToList();
            return Plot.Lines($"{mode.ToName()}{(group.Key.Length > 0 ? ", " + group.Key : "")}", rows.Select(x), rows.Select(r => r.MsPerStep[mode]!.Value),
                Plot.Colour(mode), dashed: i > 0);
        })).ToList();
        var title = $"Sweep {sweep.Name}: step time against {axis}";
        return new ReportChart($"sweep-{sweep.Name}-ms-vs-{axis}", title,
            $"Measured: mean steady ms/step per mode at each point of the sweep; one line per " +
                $"mode{(sweep.SweepsNodes && sweep.SweepsBatch ? " and value of the other axis (dashed after the first)" : "")}.",
            Plot.Titled(Plot.Combine(traces), title, axis == "nodes" ? "nodes" : "batch per worker", "ms/step", 900, 500));
    }

    private static ReportChart Overhead(SweepSummary sweep, string axis, Func<SweepRow, int> x, Func<SweepRow, string> series)
    {
        var traces = sweep.Rows.Where(r => r.StepOverhead is not null).GroupBy(series).Select((group, i) =>
        {
            var rows = group.OrderBy(x).ToList();
            var line = Plot.Lines(group.Key.Length > 0 ? group.Key : "container over native", rows.Select(x), rows.Select(r => r.StepOverhead!.Percent),
                Plot.Colour(Mode.Container), dashed: i > 0);
            return Plot.WithYInterval(line,
                rows.Select(r => r.StepOverhead!.PercentInterval is { } iv ? iv.High - r.StepOverhead.Percent : 0),
                rows.Select(r => r.StepOverhead!.PercentInterval is { } iv ? r.StepOverhead.Percent - iv.Low : 0));
        }).ToList();
        var title = $"Sweep {sweep.Name}: container overhead against {axis}";
        return new ReportChart($"sweep-{sweep.Name}-overhead-vs-{axis}", title,
            "Measured: container over native steady step, paired by round; error bars: the 95 % interval (none where n is too small).",
            Plot.Titled(Plot.Combine(traces), title, axis == "nodes" ? "nodes" : "batch per worker", "step time over native (%)", 900, 500));
    }
}
