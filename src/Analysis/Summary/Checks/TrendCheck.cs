using MathNet.Numerics.Statistics;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Checks;

/// <summary>
/// A mode whose training times drift through the run (the machine warming, another job starting):
/// the repetitions are then not draws from one distribution, and an interval over them is too narrow
/// or off-centre. Pairing cancels drift that hits both modes alike, not drift in one.
/// </summary>
internal sealed class TrendCheck : ICheck
{
    /// <summary>Significance of Kendall's tau (two-sided).</summary>
    public const double Alpha = 0.05;

    /// <summary>The change over the run (Theil-Sen slope × rounds spanned, over the median) a trend must exceed to be flagged.</summary>
    public const double Change = 0.05;

    /// <summary>Below 5 points no ordering is significant at 5 % (with 4, a perfect trend has p = 0.083).</summary>
    public const int Minimum = 5;

    public string Name => "trend through the run";

    public string Rule =>
        $"per mode, training time against round: Kendall's tau significant at {Alpha * 100:0} % " +
        $"(two-sided) and a Theil-Sen change over the run above {Change * 100:0} % of the median";

    public IEnumerable<Finding> Run(CheckInput input)
    {
        foreach (var scenario in input.Scenarios)
        {
            foreach (var mode in scenario.Modes)
            {
                var repetitions = scenario.Of(mode).Where(r => r.ScenarioSeconds is not null).ToList();
                if (repetitions.Count < Minimum)
                {
                    yield return Finding.Skipped(this, new Place(scenario.Name, mode), $"{repetitions.Count} measured repetitions; a trend needs {Minimum}");
                    continue;
                }
                // The round orders both modes on one clock; without rounds (older folders) the mode's own run order.
                var byRound = repetitions.All(r => r.Round is not null);
                var points = repetitions.Select(r => (X: (double)(byRound ? r.Round!.Value : r.Index), Y: r.ScenarioSeconds!.Value)).OrderBy(p => p.X).ToList();
                if (Trend.Of(points) is not { } trend) continue;
                var median = points.Select(p => p.Y).Median();
                var change = trend.Slope * (points[^1].X - points[0].X) / median;
                if (trend.P >= Alpha || Math.Abs(change) <= Change) continue;
                yield return new Finding(Name, Severity.Warning, new Place(scenario.Name, mode),
                    $"training time {(change > 0 ? "rose" : "fell")} {Format.Percent(change * 100)} over the run " +
                        $"({Format.Number(trend.Slope, "+0.00;-0.00")} s per {(byRound ? "round" : "repetition")}, Theil-Sen), " +
                    $"Kendall's tau {Format.Number(trend.Tau, "+0.00;-0.00")}, p = {Format.Number(trend.P, "0.000")}, n = {trend.N}: " +
                    string.Join(", ", points.Select(p => $"{Format.Seconds(p.Y)}")) + " s",
                    "the repetitions of this mode were not alike: the machine changed under the run; an interval " +
                        "over them assumes they were, and pairing cancels only drift that hits both modes",
                    "find what changed (other jobs, thermal or frequency limits, a cache filling, " +
                        "disk); compare with the other mode's trend; run again on a quiet machine");
            }
        }
    }
}
