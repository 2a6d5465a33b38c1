using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Tests.Stats;

[Trait("Tier", "Unit")]
public sealed class TrendTests
{
    [Fact]
    public void A_perfect_rise_over_5_points_has_tau_1_and_the_exact_p_of_2_in_120()
    {
        var trend = Trend.Of([(0, 10), (1, 11), (2, 12.5), (3, 13), (4, 14)])!;

        Assert.Equal(1, trend.Tau);
        Assert.Equal(2 / 120.0, trend.P, precision: 12);
        Assert.Equal(1, trend.Slope);
    }

    [Fact]
    public void One_wild_point_does_not_tilt_the_theil_sen_slope()
    {
        var trend = Trend.Of([(0, 10), (1, 10), (2, 50), (3, 10), (4, 10)])!;

        Assert.Equal(0, trend.Slope);
        Assert.Equal(0, trend.Tau);
        Assert.Equal(1, trend.P, precision: 12);
    }

    [Fact]
    public void A_large_sample_uses_the_normal_approximation()
    {
        var points = Enumerable.Range(0, 12).Select(i => ((double)i, (double)(i % 2 == 0 ? i : i - 3))).ToList();

        var trend = Trend.Of(points)!;

        Assert.InRange(trend.P, 0, 0.01);
        Assert.Equal(12, trend.N);
    }

    [Fact]
    public void Fewer_than_3_points_have_no_trend()
    {
        Assert.Null(Trend.Of([(0, 1), (1, 2)]));
    }
}
