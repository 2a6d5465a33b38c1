using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using MathNet.Numerics.Statistics;

namespace Testbed.Analysis.Stats;

/// <summary>How a bootstrap interval was made.</summary>
public enum IntervalMethod
{
    /// <summary>The 2.5 % and 97.5 % quantiles of the resampled statistic.</summary>
    Percentile,

    /// <summary>
    /// Bias-corrected and accelerated (Efron 1987): the percentile interval shifted for the
    /// resamples' median bias and the statistic's skew (jackknife acceleration). Second-order
    /// accurate, which matters at the small n of repetitions; it needs enough items for a jackknife.
    /// </summary>
    Bca,
}

/// <summary>
/// Bootstrap intervals of any statistic of a sample of items (repetitions, or pairs of them),
/// seeded so the same run folder always renders the same interval.
/// </summary>
public static class ResampledInterval
{
    /// <summary>Below this many items BCa's jackknife says little: the percentile interval is used instead.</summary>
    public const int BcaMinimum = 5;

    public static Interval Of<T>(IReadOnlyList<T> items, Func<IReadOnlyList<T>, double> statistic, IntervalMethod method,
        double confidence = 0.95, int seed = Bootstrap.Seed, int resamples = Bootstrap.Resamples)
    {
        if (items.Count == 0) throw new ArgumentException("a bootstrap needs at least one item", nameof(items));
        var random = new Xoshiro256StarStar(seed, threadSafe: false);
        var estimates = new double[resamples];
        var sample = new T[items.Count];
        for (var b = 0; b < resamples; b++)
        {
            for (var i = 0; i < sample.Length; i++) sample[i] = items[random.Next(items.Count)];
            estimates[b] = statistic(sample);
        }
        var tail = (1 - confidence) / 2;
        if (method == IntervalMethod.Percentile) return Quantiles(estimates, tail, 1 - tail);

        var observed = statistic(items);
        // Bias: how far the resamples' median sits from the estimate, in normal quantiles. Ties count half.
        var below = estimates.Count(e => e < observed) + 0.5 * estimates.Count(e => e == observed);
        var proportion = Math.Clamp(below / resamples, 1.0 / resamples, 1 - 1.0 / resamples);
        var z0 = Normal.InvCDF(0, 1, proportion);
        var acceleration = Acceleration(items, statistic);
        double Adjusted(double alpha)
        {
            var z = Normal.InvCDF(0, 1, alpha);
            return Normal.CDF(0, 1, z0 + (z0 + z) / (1 - acceleration * (z0 + z)));
        }
        return Quantiles(estimates, Adjusted(tail), Adjusted(1 - tail));
    }

    /// <summary>The jackknife estimate of the statistic's skew (BCa's a).</summary>
    internal static double Acceleration<T>(IReadOnlyList<T> items, Func<IReadOnlyList<T>, double> statistic)
    {
        var leaveOneOut = Enumerable.Range(0, items.Count)
            .Select(i => statistic(items.Where((_, j) => j != i).ToList())).ToArray();
        var mean = leaveOneOut.Average();
        var squares = leaveOneOut.Sum(t => Math.Pow(mean - t, 2));
        return squares == 0 ? 0 : leaveOneOut.Sum(t => Math.Pow(mean - t, 3)) / (6 * Math.Pow(squares, 1.5));
    }

    private static Interval Quantiles(double[] estimates, double low, double high) =>
        // R-7 (linear interpolation between order statistics) is the textbook percentile-bootstrap choice.
        new(estimates.QuantileCustom(low, QuantileDefinition.R7), estimates.QuantileCustom(high, QuantileDefinition.R7));
}
