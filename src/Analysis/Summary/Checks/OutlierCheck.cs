using MathNet.Numerics.Statistics;
using Testbed.Analysis.Stats;
using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Checks;

/// <summary>
/// Measured repetitions far from their mode's median training time, by the report's own rule
/// (<see cref="Outliers"/>): reported, never removed, and each one moves the interval.
/// </summary>
internal sealed class OutlierCheck : ICheck
{
    public string Name => "outliers";

    public string Rule =>
        $"a measured repetition's training time further than {Outliers.Deviations:0} × " +
        $"1.4826 × MAD from its mode's median (from {Outliers.Minimum} repetitions per mode)";

    public IEnumerable<Finding> Run(CheckInput input)
    {
        foreach (var scenario in input.Scenarios)
        {
            var s = scenario.Summary;
            foreach (var mode in s.Modes)
            {
                var measured = s.Repetitions.Where(r => r.Mode == mode && r.IsMeasured).ToList();
                if (measured.Count < Outliers.Minimum)
                {
                    yield return Finding.Skipped(this, new Place(s.Name, mode), $"{measured.Count} measured repetitions; the rule needs {Outliers.Minimum}");
                    continue;
                }
                var median = measured.Select(r => r.ScenarioSeconds!.Value).Median();
                foreach (var outlier in Outliers.Of(measured))
                {
                    yield return new Finding(Name, Severity.Note, new Place(s.Name, mode, outlier.Index),
                        $"{Format.Seconds(outlier.ScenarioSeconds)} s against the mode's median {Format.Seconds(median)} s " +
                            $"({Format.Percent((outlier.ScenarioSeconds!.Value / median - 1) * 100)})",
                        "one repetition ran unlike the others; it is still counted, and it widens the interval (or shifts it, when the modes' outliers differ)",
                        "look at this repetition's records and resource charts for the cause (another job on the machine, " +
                            "a slow rank, a restarted worker); if it is a disturbance, run again rather than drop it");
                }
            }
        }
    }
}
