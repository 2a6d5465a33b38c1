using Testbed.Analysis.Stats;
using Testbed.Analysis.Tables;

namespace Testbed.Analysis.Checks;

/// <summary>
/// Compute per step differing between the modes of one round. Native and containers run the same
/// bits with the same CPU quota, so the arithmetic should cost the same; the overhead belongs in
/// communication and start-up. A compute difference means the CPU each mode got differed.
/// </summary>
internal sealed class ModeComputeCheck : ICheck
{
    /// <summary>How far a mode's compute per step may be from native's in the same round.</summary>
    public const double Threshold = 0.05;

    public string Name => "compute differs between modes";

    public string Rule => $"in a round, a mode's median compute per step (every worker, epochs {StepCompute.FirstSteadyEpoch}..N) more than {Threshold * 100:0} % from native's";

    public IEnumerable<Finding> Run(CheckInput input)
    {
        foreach (var scenario in input.Scenarios)
        {
            var others = scenario.Modes.Where(m => m != Mode.Native).ToList();
            if (!scenario.Modes.Contains(Mode.Native) || others.Count == 0)
            {
                yield return Finding.Skipped(this, new Place(scenario.Name), "it needs measured repetitions of native and another mode");
                continue;
            }
            foreach (var mode in others)
            {
                var pairs = Pairs.Of(scenario.Measured, Mode.Native, mode)
                    .Select(p => (p.Native, Other: p.Container, NativeMs: StepCompute.OfRepetition(p.Native), OtherMs: StepCompute.OfRepetition(p.Container)))
                    .Where(p => p.NativeMs is > 0 && p.OtherMs is not null).ToList();
                if (pairs.Count == 0)
                {
                    yield return Finding.Skipped(this, new Place(scenario.Name, mode), "no round has both modes measured with epochs past the first");
                    continue;
                }
                foreach (var p in pairs)
                {
                    var difference = p.OtherMs!.Value / p.NativeMs!.Value - 1;
                    if (Math.Abs(difference) <= Threshold) continue;
                    yield return new Finding(Name, Severity.Warning, new Place(scenario.Name, mode, p.Other.Index, p.Other.Round),
                        $"compute {Format.Ms(p.OtherMs)} ms/step against native's {Format.Ms(p.NativeMs)} ms in the same round (native rep-{p.Native.Index}): {Format.Percent(difference * 100)}",
                        "the same arithmetic on the same quota took a different time: part of this round's difference is CPU the modes got, not what containers add to communication or start-up",
                        "compare the two repetitions' throttling and CPU (metrics.csv) and the nodes' non-worker CPU; a rank imbalance in either repetition explains it too");
                }
            }
        }
    }
}
