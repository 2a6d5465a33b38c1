using Testbed.Analysis.Run;
using Testbed.Analysis.Stats;
using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Tables;

/// <summary>
/// Each trainer's container overhead side by side (issue 25): one row per workload, naming the
/// trainer it ran, with its step times per mode; shown when a run has a trainer other than ours.
/// </summary>
public static class TrainerTables
{
    public static bool HasForeign(RunSummary run) => run.Scenarios.Any(s => s.Workloads.Any(w => !w.Trainer.IsOurs));

    public static ReportTable Overheads(RunSummary run)
    {
        var table = new TableBuilder("overhead-per-trainer", "Container overhead per trainer",
            "Trainer", "Scenario", "Workload", "Native mean (s)", "Container mean (s)", "Overhead", "95 % CI", "n pairs", "ms/step native", "ms/step container",
                "Missing (no records)");
        foreach (var (s, w) in run.Scenarios.SelectMany(s => s.Workloads.Select(w => (s, w))))
        {
            var o = w.Overhead;
            table.Row(w.Trainer.Name, s.Name, w.Name, Format.Seconds(w.TrainingSeconds.Native?.Mean), Format.Seconds(w.TrainingSeconds.Container?.Mean),
                o is null ? Format.None : Format.Percent(o.Percent), o is null ? Format.None : Format.OverheadInterval(o), o is null ? Format.None
                    : Format.Int(o.N),
                Format.Ms(w.StepSplit.Native?.StepMs), Format.Ms(w.StepSplit.Container?.StepMs), w.Trainer.WritesRecords ? "" : MissingFigures);
        }
        return table.Build();
    }

    /// <summary>What a report cannot give for a trainer that writes no records (its time is start to exit instead).</summary>
    public const string MissingFigures = "step time, compute/all-reduce split, loss, accuracy, weights hash, payload bytes";

    /// <summary>
    /// One sentence per workload naming its trainer, its overhead, and (scenarios with several trainers)
    /// each trainer's step time against our trainer's in the same run, per mode.
    /// </summary>
    public static IEnumerable<string> Sentences(ScenarioSummary s)
    {
        foreach (var w in s.Workloads)
        {
            var overhead = w.Overhead is { } o
                ? $"containers {Format.Percent(o.Percent)} {(o.PercentInterval is { } i ? Format.PercentInterval(i) : "")} (paired, n = {Format.Int(o.N)})"
                : "no overhead: a mode has no measured repetition";
            var time = w.Trainer.WritesRecords ? "training time" : "start to exit (it writes no records, so its " + MissingFigures + " are missing)";
            yield return $"{s.Name}/{w.Name} trained by {w.Trainer.Name}: {overhead} on its {time}.";
        }
        var ours = s.Workloads.FirstOrDefault(w => w.Trainer.IsOurs);
        if (ours is null) yield break;
        foreach (var other in s.Workloads.Where(w => !w.Trainer.IsOurs && w.Trainer.WritesRecords))
        {
            var ratios = s.Modes.Select(mode => ours.StepSplit[mode] is { } a && other.StepSplit[mode] is { } b && b.StepMs > 0
                ? $"{mode.ToName()} {Format.Ratio(a.StepMs / b.StepMs)} ({Format.Ms(a.StepMs)} vs {Format.Ms(b.StepMs)} ms)"
                : $"{mode.ToName()} {Format.None}");
            yield return $"{s.Name}: our trainer's step time over {other.Trainer.Name}'s, same run and nodes: " +
                $"{string.Join(", ", ratios)} (mean ms/step over every epoch record of the measured repetitions; below 1: ours is faster).";
        }
    }
}
