using System.Globalization;
using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Planning;

/// <summary>
/// How long repetitions will take. Before anything ran, a rough model of the thesis CNN on a share
/// of a core, whose constants come from another machine (and another day: these machines' speed
/// differs by 2x between days). Every repetition that finishes calibrates it on this machine: its
/// steps' measured time against the model's scales every estimate not yet measured (the warm-up,
/// one epoch, does this before the first measured repetition); and once a repetition of the same
/// scenario, mode and length finished, its own time is the estimate.
/// </summary>
public sealed class DurationEstimate
{
    // The uncalibrated model, from one machine of this kind (thesis-single, 3 workers at 0.6 core,
    // 2026-11-28): the thesis CNN costs about 1.1 ms of one core per sample under a CFS quota
    // (cache and core sharing included), and the ring all-reduce about 1 ms of one core per MB a
    // worker moves (2(N-1)/N x 11 MB a step). Measured there 140 ms/step; this model says 139.
    private const double ComputeMsPerSamplePerCore = 1.1;
    private const double GradientBytes = 2_770_634 * 4.0;
    private const double BytesPerMsPerCore = 1e6;

    private readonly Dictionary<(string, Mode, int), TimeSpan> _measured = [];
    private readonly List<double> _factors = [];

    /// <summary>How the model is calibrated so far (for the person running it), or null before any repetition.</summary>
    public string? Calibration { get; private set; }

    /// <summary>The model's scale on this machine: the median of measured/modelled step times so far (1 before any).</summary>
    public double Factor => _factors.Count == 0 ? 1 : _factors.Order().ElementAt(_factors.Count / 2);

    public TimeSpan Of(PlannedRepetition repetition)
    {
        var epochs = repetition.Experiment.Workloads.Max(repetition.EpochsOf);
        if (_measured.TryGetValue((repetition.Experiment.Name, repetition.Mode, epochs), out var measured)) return measured;
        var seconds = repetition.Experiment.Workloads.Max(w => Factor * TrainingSeconds(w, repetition.EpochsOf(w)) + 3);
        return Saturated(seconds + (repetition.Mode == Mode.Native ? 4 : 10));
    }

    public TimeSpan Of(IEnumerable<PlannedRepetition> repetitions) => Saturated(repetitions.Sum(r => Of(r).TotalSeconds));

    /// <summary>An estimate is a hint: absurd inputs give a huge one, never an overflow.</summary>
    private static TimeSpan Saturated(double seconds) => TimeSpan.FromSeconds(Math.Min(seconds, Ceiling.TotalSeconds));

    private static readonly TimeSpan Ceiling = TimeSpan.FromDays(3650);

    /// <summary>A repetition finished in <paramref name="took"/>; its steps took <paramref name="msPerStep"/> (median over workers and epochs), when
    /// known.</summary>
    public void Record(PlannedRepetition repetition, TimeSpan took, double? msPerStep = null)
    {
        _measured[(repetition.Experiment.Name, repetition.Mode, repetition.Experiment.Workloads.Max(repetition.EpochsOf))] = took;
        if (msPerStep is not > 0) return;
        var modelled = repetition.Experiment.Workloads.Max(StepMs);
        _factors.Add(msPerStep.Value / modelled);
        string N(double v) => v.ToString("0", CultureInfo.InvariantCulture);
        Calibration = $"estimate calibrated on this machine: {repetition.Describe()} stepped at {N(msPerStep.Value)} ms against {N(modelled)} modelled; " +
                      $"every estimate not yet measured is scaled by " +
                          $"{Factor.ToString("0.00", CultureInfo.InvariantCulture)} (median of {_factors.Count} repetition(s))";
    }

    private static double TrainingSeconds(Workload workload, int epochs) => epochs * workload.StepsPerEpoch * StepMs(workload) / 1000;

    private static double StepMs(Workload workload)
    {
        var cores = Math.Min(1, workload.CpusPerWorker);
        var compute = ComputeMsPerSamplePerCore * workload.BatchPerWorker / cores;
        var n = workload.Workers;
        var communicate = n == 1 ? 0 : GradientBytes * 2 * (n - 1) / n / (BytesPerMsPerCore * cores);
        return compute + communicate;
    }
}
