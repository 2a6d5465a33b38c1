using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Tests.Stats;

[Trait("Tier", "Unit")]
public class SampleStatsTests
{
    [Fact]
    public void Describes_a_sample_with_known_mean_median_and_sample_standard_deviation()
    {
        var stats = SampleStats.Of([4.0, 1.0, 3.0, 2.0])!;

        Assert.Equal(4, stats.N);
        Assert.Equal(2.5, stats.Mean, 12);
        Assert.Equal(2.5, stats.Median, 12);
        Assert.Equal(Math.Sqrt(5.0 / 3.0), stats.StandardDeviation, 12); // n - 1 in the denominator
        Assert.Equal(1.0, stats.Min);
        Assert.Equal(4.0, stats.Max);
    }

    [Fact]
    public void Median_of_an_odd_sample_is_its_middle_value()
    {
        Assert.Equal(15.16, SampleStats.Of([15.24, 15.12, 15.16])!.Median, 12);
    }

    [Fact]
    public void One_value_has_zero_spread_rather_than_NaN()
    {
        Assert.Equal(0.0, SampleStats.Of([17.5])!.StandardDeviation);
    }

    [Fact]
    public void Empty_sample_has_no_statistics()
    {
        Assert.Null(SampleStats.Of([]));
    }
}
