using MathNet.Numerics.Random;
using MathNet.Numerics.Statistics;

namespace Testbed.Analysis.Stats;

/// <summary>
/// Percentile bootstrap over repetitions. With 3-5 repetitions per mode no distribution can be assumed,
/// and the bootstrap needs none; it is coarse at such n, which the report states by printing n beside
/// every interval.
/// </summary>
public static class Bootstrap
{
    /// <summary>
    /// Fixed on purpose: the same run folder must always render the same interval, so a re-rendered
    /// report (Report --run old) and the golden files in the tests do not drift with a random seed.
    /// </summary>
    public const int Seed = 20210701;

    public const int Resamples = 10_000;

    /// <summary>
    /// 95 % percentile interval of mean(b) / mean(a), resampling each group independently. Not paired
    /// by repetition index: the modes of one index ran close in time, but a failed repetition leaves
    /// its partner unpaired, and independent resampling is the more cautious (wider) choice.
    /// </summary>
    public static Interval RatioOfMeans(IReadOnlyList<double> a, IReadOnlyList<double> b, double confidence = 0.95, int seed = Seed)
    {
        Require(a, nameof(a));
        Require(b, nameof(b));
        var random = new Xoshiro256StarStar(seed, threadSafe: false);
        var ratios = new double[Resamples];
        for (var i = 0; i < Resamples; i++)
            ratios[i] = ResampledMean(b, random) / ResampledMean(a, random);
        return Percentiles(ratios, confidence);
    }

    /// <summary>95 % percentile interval of the mean of one group.</summary>
    public static Interval Mean(IReadOnlyList<double> values, double confidence = 0.95, int seed = Seed)
    {
        Require(values, nameof(values));
        var random = new Xoshiro256StarStar(seed, threadSafe: false);
        var means = new double[Resamples];
        for (var i = 0; i < Resamples; i++)
            means[i] = ResampledMean(values, random);
        return Percentiles(means, confidence);
    }

    private static double ResampledMean(IReadOnlyList<double> values, Random random)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Count; i++)
            sum += values[random.Next(values.Count)];
        return sum / values.Count;
    }

    private static Interval Percentiles(double[] estimates, double confidence)
    {
        var tail = (1 - confidence) / 2;
        // R-7 (linear interpolation between order statistics) is the textbook percentile-bootstrap choice.
        return new Interval(
            estimates.QuantileCustom(tail, QuantileDefinition.R7),
            estimates.QuantileCustom(1 - tail, QuantileDefinition.R7));
    }

    private static void Require(IReadOnlyList<double> values, string name)
    {
        if (values.Count == 0)
            throw new ArgumentException("a bootstrap needs at least one value", name);
    }
}
