using MathNet.Numerics.Statistics;
using Testbed.Analysis.Results;

namespace Testbed.Analysis.Checks;

/// <summary>
/// Compute per step (the epoch records' ComputeMs: forward and backward, no waiting) over the steady
/// epochs 2..N: the first epoch holds start-up (allocator, caches). A rank's compute is its own; the
/// ring makes every rank's step as slow as the slowest, so only compute tells ranks apart.
/// </summary>
internal static class StepCompute
{
    public const int FirstSteadyEpoch = 2;

    /// <summary>A worker's median compute ms/step over epochs 2..N; null when it has none past the first.</summary>
    public static double? OfWorker(WorkerLog worker)
    {
        var values = worker.Epochs.Where(e => e.Epoch >= FirstSteadyEpoch).Select(e => e.ComputeMs).ToList();
        return values.Count == 0 ? null : values.Median();
    }

    /// <summary>A repetition's median compute ms/step over every worker's epochs 2..N; null when none has such epochs.</summary>
    public static double? OfRepetition(Repetition repetition)
    {
        var values = repetition.Workloads.Values.SelectMany(w => w).SelectMany(w => w.Epochs)
            .Where(e => e.Epoch >= FirstSteadyEpoch).Select(e => e.ComputeMs).ToList();
        return values.Count == 0 ? null : values.Median();
    }

    /// <summary>The epochs the steady figures cover, as a place says them: "2-4".</summary>
    public static string SteadyEpochs(WorkerLog worker) =>
        worker.Epochs.Count == 0 ? "" : $"{FirstSteadyEpoch}-{worker.Epochs.Max(e => e.Epoch)}";
}
