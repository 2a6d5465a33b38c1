using MathNet.Numerics.Statistics;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Checks;

/// <summary>
/// Compute per step differing between the modes. Native and containers run the same bits with the
/// same CPU quota, so the arithmetic should cost the same; the overhead belongs in communication
/// and start-up. When a mode's compute differs from native's across the rounds (their median),
/// the CPU each mode got differed throughout and the headline carries it: a warning. Single rounds
/// apart in both directions are the machine's round-to-round noise, which the paired interval
/// already carries: a note. On this 2-core machine 7 of 21 rounds of a quiet default run were
/// 5-12 % apart, either way, with a median difference near 0.
/// </summary>
internal sealed class ModeComputeCheck : ICheck
{
    /// <summary>How far a mode's compute per step may be from native's.</summary>
    public const double Threshold = 0.05;

    public string Name => "compute differs between modes";

    public string Rule =>
        $"a mode's median compute per step (every worker, epochs {StepCompute.FirstSteadyEpoch}..N) more than " +
        $"{Threshold * 100:0} % from native's in the same round: in the median over rounds (warning), or in single rounds (note)";

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
                    .Where(p => p.NativeMs is > 0 && p.OtherMs is not null)
                    .Select(p => (p.Native, p.Other, p.NativeMs, p.OtherMs, Difference: p.OtherMs!.Value / p.NativeMs!.Value - 1)).ToList();
                if (pairs.Count == 0)
                {
                    yield return Finding.Skipped(this, new Place(scenario.Name, mode), "no round has both modes measured with epochs past the first");
                    continue;
                }
                var apart = pairs.Where(p => Math.Abs(p.Difference) > Threshold).ToList();
                if (apart.Count == 0) continue;
                var median = pairs.Select(p => p.Difference).Median();
                var rounds = string.Join(", ",
                    apart.Select(p =>
                    $"rep-{p.Other.Index} {Format.Percent(p.Difference * 100)} ({Format.Ms(p.OtherMs)} against " +
                    $"native rep-{p.Native.Index}'s {Format.Ms(p.NativeMs)} ms)"));
                var seen = $"median {Format.Percent(median * 100)} over {pairs.Count} round(s); " +
                    $"{apart.Count} of them more than {Threshold * 100:0} % apart: {rounds}";
                yield return Math.Abs(median) > Threshold
                    ? new Finding(Name, Severity.Warning, new Place(scenario.Name, mode), seen,
                        "the same arithmetic on the same quota took a different time throughout: the " +
                            "modes got different CPU, and the headline counts it as what containers cost",
                        "compare the modes' throttling and CPU (metrics.csv) and the nodes' non-worker " +
                            "CPU; check that both modes' quotas and placements are the same")
                    : new Finding(Name, Severity.Note, new Place(scenario.Name, mode), seen,
                        "single rounds got different CPU in one mode or the other, but not one mode throughout: " +
                            "the machine's round-to-round noise, which the paired interval already carries",
                        "nothing for the headline; if the rounds apart are many, quieten the machine (nothing else running) or add rounds");
            }
        }
    }
}
