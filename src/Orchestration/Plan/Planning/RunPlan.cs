using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Planning;

/// <summary>
/// The order of all repetitions. Per scenario: one warm-up per mode first (recorded, flagged, never
/// averaged), then the minimum rounds of measured repetitions with the modes interleaved as
/// A B B A A B ..., so a slow drift of the machine (thermal, page cache, background work) hits both
/// modes alike. Rounds a precision target adds later (<see cref="Round"/>) keep the interleaving.
/// </summary>
public sealed record RunPlan(IReadOnlyList<PlannedRepetition> Repetitions)
{
    /// <summary>The scenarios, in the order they run.</summary>
    public IReadOnlyList<Experiment> Experiments { get; init; } = [];

    /// <summary>The modes every round runs, in <see cref="ModeNames.All"/>'s order.</summary>
    public IReadOnlyList<Mode> Modes { get; init; } = [];

    /// <summary>Each scenario's target and the run's budget; none by default (a fixed count).</summary>
    public PrecisionPlan Precision { get; init; } = PrecisionPlan.None;

    public static RunPlan Create(IReadOnlyList<Experiment> experiments, IReadOnlyList<Mode> modes, int repetitions, int warmups, int? warmupEpochs)
    {
        var planned = new List<PlannedRepetition>();
        foreach (var experiment in experiments)
        {
            var index = new Dictionary<Mode, int>();
            int Next(Mode mode) => index[mode] = index.GetValueOrDefault(mode, -1) + 1;

            for (var w = 0; w < warmups; w++)
            {
                foreach (var mode in modes)
                    planned.Add(new PlannedRepetition(experiment, mode, Next(mode), IsWarmup: true, warmupEpochs));
            }

            for (var r = 0; r < repetitions; r++)
                planned.AddRange(Round(experiment, modes, r, Next));
        }
        return new RunPlan(planned) { Experiments = experiments, Modes = modes };
    }

    /// <summary>
    /// One interleaving round of <paramref name="experiment"/>: every mode once, in order on even
    /// rounds and reversed on odd ones; <paramref name="next"/> gives each mode's next repetition index.
    /// </summary>
    public static IReadOnlyList<PlannedRepetition> Round(Experiment experiment, IReadOnlyList<Mode> modes, int round, Func<Mode, int> next) =>
        (round % 2 == 0 ? modes : modes.Reverse()).Select(mode =>
            new PlannedRepetition(experiment, mode, next(mode), IsWarmup: false) { Round = round }).ToList();

    public int Measured => Repetitions.Count(r => !r.IsWarmup);
}
