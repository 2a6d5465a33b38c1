using Testbed.Records;

namespace Testbed.Orchestration.Running;

/// <summary>A finished repetition's median step time, from its workers' epoch records.</summary>
internal static class StepTime
{
    public static double? MedianMs(string repetitionDirectory, RepetitionStatus status)
    {
        var steps = status.Workloads.SelectMany(w => w.Workers.Select(worker =>
                WorkerRecordFile.Read(RunLayout.WorkerRecords(Path.Combine(repetitionDirectory, w.Name), worker.Rank), RecordReading.Live)))
            .SelectMany(r => r.Epochs).Select(e => e.MsPerStep).Order().ToList();
        return steps.Count == 0 ? null : steps[steps.Count / 2];
    }
}
