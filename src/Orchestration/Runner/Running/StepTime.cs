using Testbed.Records;

namespace Testbed.Orchestration.Running;

/// <summary>A finished repetition's median step time, from its workers' epoch records (from epoch <paramref name="fromEpoch"/> on: 2 leaves start-up
/// out).</summary>
internal static class StepTime
{
    public static double? MedianMs(string repetitionDirectory, RepetitionStatus status, int fromEpoch = 1)
    {
        var steps = status.Workloads.SelectMany(w => w.Workers.Select(worker =>
                WorkerRecordFile.Read(RunLayout.WorkerRecords(Path.Combine(repetitionDirectory, w.Name), worker.Rank), RecordReading.Live)))
            .SelectMany(r => r.Epochs).Where(e => e.Epoch >= fromEpoch).Select(e => e.MsPerStep).Order().ToList();
        return steps.Count == 0 ? null : steps[steps.Count / 2];
    }
}
