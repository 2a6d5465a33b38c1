using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Planning;

/// <summary>
/// How long repetitions will take. Before anything ran, a rough model of the thesis CNN on a
/// share of a core; once a repetition of the same scenario and mode finished, its measured time.
/// </summary>
public sealed class DurationEstimate
{
    // Calibrated on this 2-core machine (thesis-single, 3 workers at 0.6 core, 2026-11-28): the
    // thesis CNN costs about 1.1 ms of one core per sample under a CFS quota (cache and core
    // sharing included), and the ring all-reduce about 1 ms of one core per MB a worker moves
    // (2(N-1)/N x 11 MB a step). Measured 140 ms/step; this model says 139.
    private const double ComputeMsPerSamplePerCore = 1.1;
    private const double GradientBytes = 2_770_634 * 4.0;
    private const double BytesPerMsPerCore = 1e6;

    private readonly Dictionary<(string, Mode, int), TimeSpan> _measured = [];

    public TimeSpan Of(PlannedRepetition repetition)
    {
        var epochs = repetition.Experiment.Workloads.Max(repetition.EpochsOf);
        if (_measured.TryGetValue((repetition.Experiment.Name, repetition.Mode, epochs), out var measured)) return measured;
        var seconds = repetition.Experiment.Workloads.Max(w => Model(w, repetition.EpochsOf(w)));
        return Saturated(seconds + (repetition.Mode == Mode.Container ? 10 : 4));
    }

    public TimeSpan Of(IEnumerable<PlannedRepetition> repetitions) => Saturated(repetitions.Sum(r => Of(r).TotalSeconds));

    /// <summary>An estimate is a hint: absurd inputs give a huge one, never an overflow.</summary>
    private static TimeSpan Saturated(double seconds) => TimeSpan.FromSeconds(Math.Min(seconds, Ceiling.TotalSeconds));

    private static readonly TimeSpan Ceiling = TimeSpan.FromDays(3650);

    public void Record(PlannedRepetition repetition, TimeSpan took) =>
        _measured[(repetition.Experiment.Name, repetition.Mode, repetition.Experiment.Workloads.Max(repetition.EpochsOf))] = took;

    private static double Model(Workload workload, int epochs)
    {
        var cores = Math.Min(1, workload.CpusPerWorker);
        var compute = ComputeMsPerSamplePerCore * workload.BatchPerWorker / cores;
        var n = workload.Workers;
        var communicate = n == 1 ? 0 : GradientBytes * 2 * (n - 1) / n / (BytesPerMsPerCore * cores);
        return epochs * workload.StepsPerEpoch * (compute + communicate) / 1000 + 3;
    }
}
