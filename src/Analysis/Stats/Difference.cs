namespace Testbed.Analysis.Stats;

/// <summary>
/// How many seconds more containers take than native for something that is not proportional to
/// the work (start-up): the mean of the per-pair differences, with a 95 % bootstrap over pairs
/// (BCa from <see cref="ResampledInterval.BcaMinimum"/> pairs, percentile below), none below 2 pairs.
/// </summary>
public sealed record Difference(double Seconds, Interval? Interval, int N, string Description)
{
    public IntervalQuality Quality => N < 2 ? IntervalQuality.TooFew : N < 3 ? IntervalQuality.Unreliable : IntervalQuality.Reliable;

    public static Difference? Paired(IReadOnlyList<(double Native, double Container)> pairs)
    {
        if (pairs.Count == 0) return null;
        var differences = pairs.Select(p => p.Container - p.Native).ToList();
        var method = pairs.Count >= ResampledInterval.BcaMinimum ? IntervalMethod.Bca : IntervalMethod.Percentile;
        var interval = pairs.Count < 2 ? (Interval?)null : ResampledInterval.Of(differences, sample => sample.Average(), method);
        return new Difference(differences.Average(), interval, pairs.Count,
            $"paired: mean of container − native over {pairs.Count} neighbouring pair(s), 95 % {(method == IntervalMethod.Bca ? "BCa" : "percentile")} bootstrap over pairs");
    }
}
