using Testbed.Analysis.Results;
using Testbed.Records;

namespace Testbed.Analysis.Summary;

/// <summary>
/// One workload's tune phase in one repetition: the saved model's test accuracy (the training's
/// final), the loaded model's (measured by the tune phase before its first step, which must be
/// the same), and the tune phase's own time and accuracy.
/// </summary>
public sealed record TuneRow(
    Mode Mode, int Repetition, bool Warmup, bool Counted, string Workload, string Checkpoint,
    double? SavedAccuracy, double? LoadedAccuracy, double? Seconds, double? Accuracy, string? Error)
{
    /// <summary>Whether the loaded model scored exactly what the saved one scored; null when either is missing.</summary>
    public bool? LoadedAsSaved => SavedAccuracy is { } saved && LoadedAccuracy is { } loaded ? saved == loaded : null;
}

internal static class TuneRows
{
    public static IReadOnlyList<TuneRow> Of(IReadOnlyList<Repetition> repetitions) =>
        repetitions.Where(r => r.Status is not null)
            .SelectMany(r => r.Status!.Workloads.Where(w => w.Tune is not null).Select(w => Row(r, w.Name, w.Tune!)))
            .ToList();

    private static TuneRow Row(Repetition repetition, string workload, TuneStatus tune)
    {
        var saved = repetition.Workloads.GetValueOrDefault(workload)?.FirstOrDefault(w => w.Rank == 0)?.Final?.TestAccuracy;
        var directory = Path.Combine(repetition.Path, workload, RunLayout.TuneFolder);
        var records = tune.Workers.Select(w => WorkerRecordFile.Read(RunLayout.WorkerRecords(directory, w.Rank), RecordReading.Live)).ToList();
        var chief = records.Count > 0 ? records[0] : WorkerRecordFile.Empty;
        // Like training's: the slowest worker's total, and only when every worker finished.
        double? seconds = records.Count > 0 && records.All(r => r.Final is not null) ? records.Max(r => r.Final!.TotalSeconds) : null;
        return new TuneRow(repetition.Mode, repetition.Index, repetition.IsWarmup, repetition.IsMeasured, workload, tune.Checkpoint,
            saved, chief.Loaded?.TestAccuracy, seconds, chief.Final?.TestAccuracy, tune.Error);
    }
}
