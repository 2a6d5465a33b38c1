using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Planning;

/// <summary>
/// The order of all repetitions. Per scenario: one warm-up per mode first (recorded, flagged, never
/// averaged), then the measured repetitions with the modes interleaved as A B B A A B ..., so a
/// slow drift of the machine (thermal, page cache, background work) hits both modes alike.
/// </summary>
public sealed record RunPlan(IReadOnlyList<PlannedRepetition> Repetitions)
{
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
            {
                foreach (var mode in r % 2 == 0 ? modes : modes.Reverse())
                    planned.Add(new PlannedRepetition(experiment, mode, Next(mode), IsWarmup: false) { Round = r });
            }
        }
        return new RunPlan(planned);
    }

    public int Measured => Repetitions.Count(r => !r.IsWarmup);
}
