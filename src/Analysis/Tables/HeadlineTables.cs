using Testbed.Analysis.Results;
using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Tables;

/// <summary>The run at a glance: overhead per scenario beside the thesis's, accuracy, weights.</summary>
internal static class HeadlineTables
{
    public static ReportTable Headline(RunSummary run)
    {
        var table = new TableBuilder("headline", "Headline: container overhead over native, ours beside the thesis's",
            "Scenario", "Native mean (s)", "Container mean (s)", "Overhead", "95 % CI", "n native/container",
            "Thesis native (s)", "Thesis container (s)", "Thesis overhead");
        foreach (var s in run.Scenarios)
        {
            var o = s.Overhead;
            table.Row(s.Name,
                Format.Seconds(s.TrainingSeconds.Native?.Mean),
                Format.Seconds(s.TrainingSeconds.Container?.Mean),
                o is null ? Format.None : Format.Percent(o.Percent),
                o is null ? Format.None : Format.PercentInterval(o.PercentInterval),
                $"{s.TrainingSeconds.Native?.N ?? 0}/{s.TrainingSeconds.Container?.N ?? 0}",
                s.Thesis is null ? Format.None : Format.Number(s.Thesis.NativeSeconds, "0"),
                s.Thesis is null ? Format.None : Format.Number(s.Thesis.ContainerSeconds, "0"),
                s.Thesis is null ? Format.None : $"{Format.Percent(s.Thesis.Percent)} (thesis: {s.Thesis.Claim})");
        }
        return table.Build("Mean training time over succeeded, non-warm-up repetitions; a scenario's time is the mean over its workloads. " +
            "Overhead = container mean / native mean − 1, 95 % percentile bootstrap over repetitions (10,000 resamples, fixed seed). " +
            "The thesis ran 12 epochs on 3 VMs; compare overheads, not seconds.");
    }

    public static ReportTable Accuracy(RunSummary run)
    {
        var table = new TableBuilder("accuracy", "Final accuracy per mode and whether the weights matched",
            "Scenario", "Native train accuracy", "Native test accuracy", "Container train accuracy", "Container test accuracy", "Weights match", "Weights");
        foreach (var s in run.Scenarios)
        {
            table.Row(s.Name,
                Format.Fraction(s.Accuracy[Mode.Native].TrainAccuracy), Format.Fraction(s.Accuracy[Mode.Native].TestAccuracy),
                Format.Fraction(s.Accuracy[Mode.Container].TrainAccuracy), Format.Fraction(s.Accuracy[Mode.Container].TestAccuracy),
                s.Weights.Match switch { true => "yes", false => "NO", null => "n/a" },
                s.Weights.Detail);
        }
        return table.Build("Medians over measured repetitions: last-epoch training accuracy (averaged over ranks) and the chief's test accuracy. " +
            "With the same seed both modes should end with bit-identical weights.");
    }

    public static ReportTable Overheads(RunSummary run)
    {
        var table = new TableBuilder("overhead", "Container overhead per scenario and workload",
            "Scenario", "Workload", "Native mean (s)", "Container mean (s)", "Ratio", "Overhead", "95 % CI", "n native", "n container");
        foreach (var s in run.Scenarios)
        {
            var rows = s.Workloads.Count > 1
                ? s.Workloads.Select(w => (w.Name, w.TrainingSeconds, w.Overhead)).Append(("all (mean)", s.TrainingSeconds, s.Overhead))
                : [(s.Workloads.FirstOrDefault()?.Name ?? "all", s.TrainingSeconds, s.Overhead)];
            foreach (var (name, seconds, o) in rows)
                table.Row(s.Name, name, Format.Seconds(seconds.Native?.Mean), Format.Seconds(seconds.Container?.Mean),
                    o is null ? Format.None : Format.Ratio(o.Ratio),
                    o is null ? Format.None : Format.Percent(o.Percent),
                    o is null ? Format.None : Format.PercentInterval(o.PercentInterval),
                    Format.Int(seconds.Native?.N ?? 0), Format.Int(seconds.Container?.N ?? 0));
        }
        return table.Build();
    }

    public static ReportTable Environment(RunSummary run)
    {
        var table = new TableBuilder("environment", "Environment (from manifest.json)", "Key", "Value");
        foreach (var e in run.Environment)
            table.Row(e.Key, e.Value);
        return table.Build();
    }
}
