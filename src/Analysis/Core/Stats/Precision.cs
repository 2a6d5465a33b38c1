using Testbed.Analysis.Results;

namespace Testbed.Analysis.Stats;

/// <summary>
/// The headline, the paired training-time overhead of a scenario, and how precise it is: the one
/// function the report prints and the runner's precision rule stops on.
/// </summary>
public static class Precision
{
    /// <summary>Beyond this many pairs a target counts as out of reach (a spread that large would need days).</summary>
    public const int MostPairs = 100_000;

    /// <summary>The headline overhead of a scenario's measured repetitions; <paramref name="minimumRounds"/> are the first stage.</summary>
    public static Overhead? Headline(IReadOnlyList<Repetition> measured, int minimumRounds) =>
        Headline(Pairs.InRounds(Pairs.Of(measured), r => r.ScenarioSeconds), minimumRounds);

    /// <summary>
    /// The headline overhead of pairs in round order: Student's t over their log ratios, never
    /// narrower than Stein's interval from the pairs of rounds 0..<paramref name="minimumRounds"/>−1.
    /// </summary>
    public static Overhead? Headline(IReadOnlyList<RoundPair> pairs, int minimumRounds)
    {
        var ordered = pairs.OrderBy(p => p.Round).ToList();
        return Overhead.Guarded(ordered.Select(p => (p.Native, p.Container)).ToList(), ordered.Count(p => p.Round < minimumRounds));
    }

    /// <summary>What the runner reads after each round: the headline, its half-width, and the pairs the target needs.</summary>
    public static HeadlinePrecision Of(string scenario, IReadOnlyList<RoundPair> pairs, int minimumRounds, double? targetPercent)
    {
        var ordered = pairs.OrderBy(p => p.Round).ToList();
        var overhead = Headline(ordered, minimumRounds);
        var logs = ordered.Select(p => Math.Log(p.Container / p.Native)).ToList();
        var firstStage = ordered.Count(p => p.Round < minimumRounds);
        int? needed = null;
        if (targetPercent is { } target && TInterval.StandardDeviation(logs, logs.Count) is { } spread)
        {
            var first = firstStage >= 2 && firstStage < logs.Count ? TInterval.StandardDeviation(logs, firstStage) : null;
            needed = PairsNeeded(logs.Average(), spread, first, firstStage, target, Math.Max(minimumRounds, 2));
        }
        return new HeadlinePrecision(scenario, ordered.Count, ordered.Select(p => p.Round).ToList(), overhead?.Ratio,
            overhead?.PercentInterval?.Low, overhead?.PercentInterval?.High, overhead?.HalfWidthPercent, needed);
    }

    /// <summary>
    /// The fewest pairs n ≥ <paramref name="from"/> whose headline half-width, in percentage points,
    /// would be at most <paramref name="targetPercent"/> if the spread stayed what it is: the log
    /// ratios' standard deviation <paramref name="spread"/> and, for Stein's guard, the first stage's
    /// <paramref name="firstStageSpread"/> over <paramref name="firstStage"/> pairs (null: no guard).
    /// Null when even <see cref="MostPairs"/> would not do.
    /// </summary>
    public static int? PairsNeeded(double logMean, double spread, double? firstStageSpread, int firstStage, double targetPercent, int from)
    {
        double HalfWidthPercent(int n)
        {
            var half = TInterval.Quantile(n - 1) * spread;
            if (firstStageSpread is { } s0 && firstStage >= 2 && n > firstStage) half = Math.Max(half, TInterval.Quantile(firstStage - 1) * s0);
            // (e^(m+h) − e^(m−h)) / 2 = e^m sinh(h): the percent interval's half-width.
            return Math.Exp(logMean) * Math.Sinh(half / Math.Sqrt(n)) * 100;
        }

        var low = Math.Max(from, 2);
        if (HalfWidthPercent(low) <= targetPercent) return low;
        // Past the first stage the half-width only shrinks as n grows (t falls, √n rises): double n
        // until it reaches the target, then bisect back to the first n that does.
        var high = low;
        do
        {
            low = high;
            high = Math.Min(2 * high, MostPairs);
        }
        while (HalfWidthPercent(high) > targetPercent && high < MostPairs);
        if (HalfWidthPercent(high) > targetPercent) return null;
        while (high - low > 1)
        {
            var middle = low + (high - low) / 2;
            if (HalfWidthPercent(middle) <= targetPercent) high = middle;
            else low = middle;
        }
        return high;
    }
}
