using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Tests.Stats;

public class ResampledIntervalTests
{
    /// <summary>
    /// Efron and Tibshirani, An Introduction to the Bootstrap (1993), chapter 14: the variance of the
    /// spatial test's A scores (26 children), 90 % intervals with B = 2000: BCa (115.8, 259.6),
    /// acceleration 0.061; the percentile interval is (100.8, 233.9).
    /// </summary>
    private static readonly double[] SpatialA = [48, 36, 20, 29, 42, 42, 20, 42, 22, 41, 45, 14, 6, 0, 33, 28, 34, 4, 32, 24, 47, 41, 24, 26, 30, 41];

    private static double PlugInVariance(IReadOnlyList<double> x)
    {
        var mean = x.Average();
        return x.Sum(v => (v - mean) * (v - mean)) / x.Count;
    }

    [Fact]
    public void Bca_reproduces_the_textbook_spatial_data_example()
    {
        Assert.Equal(171.5, PlugInVariance(SpatialA), 1);
        Assert.Equal(0.061, ResampledInterval.Acceleration(SpatialA, PlugInVariance), 3);

        var bca = ResampledInterval.Of(SpatialA, PlugInVariance, IntervalMethod.Bca, confidence: 0.90);
        var percentile = ResampledInterval.Of(SpatialA, PlugInVariance, IntervalMethod.Percentile, confidence: 0.90);

        // Monte Carlo error at B = 10,000 and another generator than the book's: a few units.
        Assert.InRange(bca.Low, 111, 121);
        Assert.InRange(bca.High, 250, 270);
        Assert.InRange(percentile.Low, 96, 106);
        Assert.InRange(percentile.High, 227, 240);
    }

    [Fact]
    public void For_a_symmetric_statistic_of_symmetric_data_bca_and_percentile_nearly_agree()
    {
        double[] values = [-3, -2, -1, 0, 1, 2, 3, -2.5, 2.5, -0.5, 0.5];

        var bca = ResampledInterval.Of(values, x => x.Average(), IntervalMethod.Bca);
        var percentile = ResampledInterval.Of(values, x => x.Average(), IntervalMethod.Percentile);

        Assert.Equal(0, ResampledInterval.Acceleration(values, x => x.Average()), 9);
        Assert.InRange(bca.Low - percentile.Low, -0.1, 0.1);
        Assert.InRange(bca.High - percentile.High, -0.1, 0.1);
    }

    [Fact]
    public void The_same_seed_gives_the_same_interval()
    {
        Assert.Equal(ResampledInterval.Of(SpatialA, PlugInVariance, IntervalMethod.Bca), ResampledInterval.Of(SpatialA, PlugInVariance, IntervalMethod.Bca));
    }
}
