namespace Testbed.Analysis.Stats;

/// <summary>
/// What containers cost over native: the ratio of mean training times (container / native), with a
/// bootstrap interval over repetitions and the number of repetitions behind each mean.
/// </summary>
public sealed record Overhead(double Ratio, Interval RatioInterval, int NativeN, int ContainerN)
{
    public double Percent => (Ratio - 1) * 100;

    public Interval PercentInterval => new((RatioInterval.Low - 1) * 100, (RatioInterval.High - 1) * 100);

    /// <summary>Null when either mode has no measured repetition: an overhead of nothing is not zero.</summary>
    public static Overhead? Of(IReadOnlyList<double> nativeSeconds, IReadOnlyList<double> containerSeconds)
    {
        if (nativeSeconds.Count == 0 || containerSeconds.Count == 0)
            return null;
        var ratio = containerSeconds.Average() / nativeSeconds.Average();
        return new Overhead(ratio, Bootstrap.RatioOfMeans(nativeSeconds, containerSeconds), nativeSeconds.Count, containerSeconds.Count);
    }
}
