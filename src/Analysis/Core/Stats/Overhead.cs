namespace Testbed.Analysis.Stats;

/// <summary>How far to trust an interval at its sample size.</summary>
public enum IntervalQuality
{
    Reliable,

    /// <summary>Two repetitions (or pairs): an interval is printed but marked unreliable.</summary>
    Unreliable,

    /// <summary>Fewer than two: no interval at all ("n too small"), a difference cannot be told.</summary>
    TooFew,
}

/// <summary>
/// What containers cost over native, as a ratio (container / native) with a 95 % interval, the
/// number of repetitions behind it, and how it was estimated. Paired: each container repetition
/// with the native one that ran next to it (the interleaving makes the pairs), the geometric mean of
/// the per-pair ratios, Student's t over the pairs' log ratios. Unpaired: the ratio of the two
/// modes' means, a percentile bootstrap resampling each mode on its own.
/// </summary>
public sealed record Overhead(double Ratio, Interval? RatioInterval, int NativeN, int ContainerN, string Method)
{
    public const string PairedMethod = "paired";
    public const string UnpairedMethod = "unpaired";

    public double Percent => (Ratio - 1) * 100;

    public Interval? PercentInterval => RatioInterval is { } i ? new Interval((i.Low - 1) * 100, (i.High - 1) * 100) : null;

    /// <summary>Half the percent interval's width, in percentage points: the precision a run asks for with --precision.</summary>
    public double? HalfWidthPercent => PercentInterval is { } i ? (i.High - i.Low) / 2 : null;

    /// <summary>The number of pairs (paired) or the smaller mode's repetitions (unpaired).</summary>
    public int N => Math.Min(NativeN, ContainerN);

    public IntervalQuality Quality => N < 2 ? IntervalQuality.TooFew : N < 3 ? IntervalQuality.Unreliable : IntervalQuality.Reliable;

    /// <summary>How the interval was made, in words for the report.</summary>
    public string Description { get; init; } = "";

    /// <summary>Unpaired: ratio of means, percentile bootstrap resampling each mode alone; no interval below 2 per mode.</summary>
    public static Overhead? Of(IReadOnlyList<double> nativeSeconds, IReadOnlyList<double> containerSeconds)
    {
        if (nativeSeconds.Count == 0 || containerSeconds.Count == 0)
            return null;
        var ratio = containerSeconds.Average() / nativeSeconds.Average();
        var interval = Math.Min(nativeSeconds.Count, containerSeconds.Count) < 2 ? (Interval?)null : Bootstrap.RatioOfMeans(nativeSeconds, containerSeconds);
        return new Overhead(ratio, interval, nativeSeconds.Count, containerSeconds.Count, UnpairedMethod)
        {
            Description = "unpaired: ratio of the modes' means, 95 % percentile bootstrap resampling each mode on its own",
        };
    }

    /// <summary>
    /// Paired: the geometric mean of container/native per pair (a ratio's natural mean: halving and
    /// doubling cancel), with a 95 % Student t interval over the pairs' log ratios (n − 1 degrees of
    /// freedom), mapped back to a ratio; no interval below 2 pairs.
    /// </summary>
    public static Overhead? Paired(IReadOnlyList<(double Native, double Container)> pairs) => Guarded(pairs, pairs.Count);

    /// <summary>
    /// The headline's paired overhead: as <see cref="Paired"/>, but never narrower than Stein's
    /// two-stage interval from the first <paramref name="firstStage"/> pairs (those of the run's
    /// minimum rounds; <paramref name="pairs"/> in round order), so that a run that added rounds
    /// until the interval was narrow enough still covers 95 % (<see cref="TInterval.SteinHalfWidth"/>).
    /// The precision rule stops on this interval and the report prints it.
    /// </summary>
    public static Overhead? Guarded(IReadOnlyList<(double Native, double Container)> pairs, int firstStage)
    {
        if (pairs.Count == 0) return null;
        var logs = pairs.Select(p => Math.Log(p.Container / p.Native)).ToList();
        var mean = logs.Average();
        Interval? interval = TInterval.SteinHalfWidth(logs, firstStage) is { } half ? new Interval(Math.Exp(mean - half), Math.Exp(mean + half)) : null;
        var stein = firstStage >= 2 && firstStage < pairs.Count
            ? $", never narrower than Stein's two-stage interval from the {firstStage} pairs of the minimum rounds"
            : "";
        return new Overhead(Math.Exp(mean), interval, pairs.Count, pairs.Count, PairedMethod)
        {
            Description = $"paired: geometric mean of container/native over {pairs.Count} neighbouring " +
                $"pair(s), 95 % Student t over the pairs' log ratios{stein}",
        };
    }
}
