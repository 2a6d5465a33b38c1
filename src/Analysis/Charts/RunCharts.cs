using Testbed.Analysis.Results;
using Testbed.Analysis.Summary;

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
}
