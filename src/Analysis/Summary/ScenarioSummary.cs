using Testbed.Analysis.Results;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Summary;

/// <summary>One scenario (thesis-single, thesis-dual, ...) across its repetitions in both modes.</summary>
public sealed record ScenarioSummary(
    string Name,
    int Workers,
    int Epochs,
    IReadOnlyList<string> WorkloadNames,
    IReadOnlyList<RepetitionResult> Repetitions,
    ByMode<SampleStats?> TrainingSeconds,
    Overhead? Overhead,
    ByMode<AccuracySummary> Accuracy,
    WeightsCheck Weights,
    IReadOnlyList<WorkloadSummary> Workloads,
    ByMode<ResourceSeries?> Resources,
    ThesisFigures? Thesis)
{
    /// <summary>The modes this scenario ran (or was asked to run), in <see cref="ModeNames.All"/>'s order: what its tables and charts show.</summary>
    public IReadOnlyList<Mode> Modes { get; init; } = ModeNames.Default;

    /// <summary>Whole nodes (cluster runs: nodes.csv) in the first measured repetition of each mode.</summary>
    public ByMode<NodeTotalsSeries?> NodeTotals { get; init; } = ByMode<NodeTotalsSeries?>.From(_ => null);

    /// <summary>What driving the measured repetitions took from the driving machine (driver.csv), per mode; null without its CPU columns.</summary>
    public ByMode<DrivingMachineSummary?> DrivingMachine { get; init; } = ByMode<DrivingMachineSummary?>.From(_ => null);

    /// <summary>The same training times unpaired (ratio of means, each mode resampled alone), shown beside the paired headline.</summary>
    public Overhead? UnpairedOverhead { get; init; }

    /// <summary>The overhead on the steady step time (median ms/step of epochs 2..N), paired: start-up free.</summary>
    public Overhead? StepOverhead { get; init; }

    /// <summary>The overhead on the whole repetition, launch to exit (paired); the thesis timed training only.</summary>
    public Overhead? EndToEndOverhead { get; init; }

    /// <summary>The overhead split into isolation and network path (runs with the intermediate modes); null otherwise.</summary>
    public Attribution? Attribution { get; init; }

    /// <summary>What containers add before the first step (launch to first step done), in seconds (paired).</summary>
    public Difference? StartupDifference { get; init; }

    /// <summary>Per mode: the median start-up timeline over measured repetitions, and n; null when the run did not record it.</summary>
    /// <summary>Every restart of the scenario's repetitions (any mode, measured or not), with what it cost; empty when none restarted.</summary>
    public IReadOnlyList<RecoveryRow> Recovery { get; init; } = [];

    /// <summary>Every workload's tune phase in every repetition (experiments with one); empty otherwise.</summary>
    public IReadOnlyList<TuneRow> Tune { get; init; } = [];

    public ByMode<(Timeline Median, int N)?> Startup { get; init; } = ByMode<(Timeline Median, int N)?>.From(_ => null);

    /// <summary>The precision the run asked of this scenario, the rounds it ran and why it stopped (manifest); null in folders from before targets.</summary>
    public ScenarioPrecisionEntry? PrecisionRecord { get; init; }

    /// <summary>The pairs the recorded target would need at this run's spread; null without a target or below 2 pairs.</summary>
    public int? PairsNeeded { get; init; }

    /// <summary>The scenario times that statistics may use: succeeded, not warm-up.</summary>
    public IReadOnlyList<double> MeasuredSeconds(Mode mode) =>
        Repetitions.Where(r => r.Mode == mode && r.IsMeasured).Select(r => r.ScenarioSeconds!.Value).ToList();
}

/// <summary>
/// One repetition's outcome as the report lists it; failed, incomplete and missing ones are listed
/// too, with their reason, and are never averaged in.
/// </summary>
public sealed record RepetitionResult(
    Mode Mode,
    int Index,
    bool IsWarmup,
    RepetitionState State,
    IReadOnlyDictionary<string, double?> WorkloadSeconds,
    double? ScenarioSeconds,
    string? Error)
{
    public bool IsMeasured => State == RepetitionState.Succeeded && !IsWarmup && ScenarioSeconds is not null && !RestartedExcluded;

    /// <summary>Restarts its workloads took (status.json).</summary>
    public int Restarts { get; init; }

    /// <summary>It succeeded after restarts and is left out of the statistics (the default).</summary>
    public bool RestartedExcluded { get; init; }

    /// <summary>1 for the scenario's first repetition to run, and so on across both modes; null for one the folder lacks.</summary>
    public int? RunOrder { get; init; }
}

/// <summary>
/// Measured repetitions further than 3 scaled median absolute deviations from their mode's median:
/// reported so a reader can judge them, never removed from any statistic.
/// </summary>
public static class Outliers
{
    public const double Deviations = 3;

    /// <summary>With fewer, the median absolute deviation is one of two or three distances and flags noise.</summary>
    public const int Minimum = 5;

    public static IReadOnlyList<RepetitionResult> Of(IReadOnlyList<RepetitionResult> repetitions) =>
        repetitions.Select(r => r.Mode).Distinct().SelectMany(mode =>
        {
            var measured = repetitions.Where(r => r.Mode == mode && r.IsMeasured).ToList();
            if (measured.Count < Minimum) return [];
            var times = measured.Select(r => r.ScenarioSeconds!.Value).ToList();
            var median = MathNet.Numerics.Statistics.Statistics.Median(times);
            var mad = ScaledMad.Of(times, median);
            return mad == 0 ? [] : measured.Where(r => Math.Abs(r.ScenarioSeconds!.Value - median) > Deviations * mad);
        }).ToList();
}

/// <summary>Final training accuracy (last epoch, averaged over ranks) and the chief's test accuracy, medians over repetitions.</summary>
public sealed record AccuracySummary(double? TrainAccuracy, double? TestAccuracy, int N);

/// <summary>Whether native and container runs ended with the same weights (same seed, same bits: they should).</summary>
public sealed record WeightsCheck(bool? Match, string Detail);

/// <summary>The thesis's own totals for the same scenario (docs/thesis.md), shown beside ours.</summary>
public sealed record ThesisFigures(double NativeSeconds, double ContainerSeconds, string Claim)
{
    public double Ratio => ContainerSeconds / NativeSeconds;

    public double Percent => (Ratio - 1) * 100;

    public static ThesisFigures? For(string scenario) => scenario switch
    {
        // Single workload, 5 runs averaged: bare metal 2 min 30 s, containers 3 min 05 s.
        "thesis-single" => new ThesisFigures(150, 185, "about +20 %"),
        // Two workloads at once: bare metal 4 min 10 s, containers 5 min 18 s.
        "thesis-dual" => new ThesisFigures(250, 318, "the delay stays about 20 %"),
        _ => null,
    };
}
