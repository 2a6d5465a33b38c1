using Testbed.Analysis.Results;
using Testbed.Analysis.Run;

namespace Testbed.Analysis.Charts;

/// <summary>Charts about the whole run rather than one scenario.</summary>
public static class RunCharts
{
    /// <summary>Scenarios side by side (single vs dual): mean scenario time and mean step time per mode.</summary>
    public static ReportChart ScenarioComparison(RunSummary run)
    {
        var names = run.Scenarios.Select(s => s.Name).ToList();
        var modes = ModeNames.All.Where(m => run.Scenarios.Any(s => s.Modes.Contains(m)));
        var traces = modes.Select(mode => Plot.Bars(mode.ToName(), names,
            run.Scenarios.Select(s => s.TrainingSeconds[mode]?.Mean ?? 0),
            run.Scenarios.Select(s => s.TrainingSeconds[mode]?.StandardDeviation ?? 0), Plot.Colour(mode)));
        var chart = Plot.Titled(Plot.Combine(traces), "Scenarios compared: mean training time per workload", "scenario", "mean training time (s)", 900, 500);
        return new ReportChart("scenario-comparison", "Scenarios compared (single vs dual)",
            "A scenario's time is the mean over its workloads; error bars ± 1 SD over measured repetitions.", chart);
    }

    /// <summary>Each trainer's container overhead with its 95 % interval, side by side (runs with a trainer other than ours).</summary>
    public static ReportChart TrainerOverheads(RunSummary run)
    {
        var rows = run.Scenarios.SelectMany(s =>
            s.Workloads.Where(w => w.Overhead is not null).Select(w => (Key: $"{w.Trainer.Name} ({s.Name}/{w.Name})", w.Overhead!))).ToList();
        var bars = Plot.Bars("container overhead", rows.Select(r => r.Key), rows.Select(r => r.Item2.Percent), colour: Plot.Colour(Mode.Container));
        var chart = Plot.WithYInterval(bars,
            rows.Select(r => r.Item2.PercentInterval is { } i ? i.High - r.Item2.Percent : 0),
            rows.Select(r => r.Item2.PercentInterval is { } i ? r.Item2.Percent - i.Low : 0));
        return new ReportChart("overhead-per-trainer", "Container overhead per trainer",
            "Container over native training time per workload, named by its trainer (start to exit for a " +
                "trainer without records); error bars: the paired 95 % interval, none where n is too small.",
            Plot.Titled(chart, "Container overhead per trainer", "trainer (scenario/workload)", "% of native training time", 900, 500));
    }
}
