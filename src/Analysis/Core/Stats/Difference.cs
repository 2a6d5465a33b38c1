namespace Testbed.Analysis.Stats;

/// <summary>
/// How many seconds more containers take than native for something that is not proportional to
/// the work (start-up): the mean of the per-pair differences, with a 95 % Student t interval over
/// the pairs' differences (n − 1 degrees of freedom), none below 2 pairs.
/// </summary>
public sealed record Difference(double Seconds, Interval? Interval, int N, string Description)
{
    public IntervalQuality Quality => N < 2 ? IntervalQuality.TooFew : N < 3 ? IntervalQuality.Unreliable : IntervalQuality.Reliable;

    public static Difference? Paired(IReadOnlyList<(double Native, double Container)> pairs)
    {
        if (pairs.Count == 0) return null;
        var differences = pairs.Select(p => p.Container - p.Native).ToList();
        var mean = differences.Average();
        Interval? interval = TInterval.HalfWidth(differences) is { } half ? new Interval(mean - half, mean + half) : null;
        return new Difference(mean, interval, pairs.Count,
            $"paired: mean of container − native over {pairs.Count} neighbouring pair(s), 95 % Student t over the pairs' differences");
    }
}
