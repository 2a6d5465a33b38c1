using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Tests.Stats;

[Trait("Tier", "Unit")]
public class TIntervalTests
{
    [Theory]
    [InlineData(1, 12.706205)]
    [InlineData(2, 4.302653)]
    [InlineData(4, 2.776445105)]
    [InlineData(29, 2.045230)]
    [InlineData(1000, 1.962339)]
    [InlineData(5000, 1.960439)]
    public void The_quantile_is_student_t_s_two_sided_95_percent_one(int degreesOfFreedom, double expected) =>
        Assert.Equal(expected, TInterval.Quantile(degreesOfFreedom), 1e-5);

    [Fact]
    public void Fewer_than_two_values_have_no_spread_and_no_half_width()
    {
        Assert.Null(TInterval.HalfWidth([1.0]));
        Assert.Null(TInterval.SteinHalfWidth([1.0], firstStage: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TInterval.Quantile(0));
    }

    [Fact]
    public void Stein_s_guard_takes_the_wider_of_the_plain_and_the_first_stage_half_width()
    {
        double[] calmFirst = [0.10, 0.11, 0.09, 0.02, 0.18, 0.10];
        double[] wildFirst = [0.02, 0.18, 0.10, 0.10, 0.11, 0.09];

        // A calm first stage: the plain interval over all six is wider, and wins.
        Assert.Equal(TInterval.HalfWidth(calmFirst), TInterval.SteinHalfWidth(calmFirst, firstStage: 3));
        // A wild one: its spread, at t(2) but over sqrt(6), wins.
        var stein = TInterval.Quantile(2) * TInterval.StandardDeviation(wildFirst, 3)!.Value / Math.Sqrt(6);
        Assert.Equal(stein, TInterval.SteinHalfWidth(wildFirst, firstStage: 3)!.Value, 12);
        // The whole sample as first stage, or a first stage below 2: plain t.
        Assert.Equal(TInterval.HalfWidth(wildFirst), TInterval.SteinHalfWidth(wildFirst, firstStage: 6));
        Assert.Equal(TInterval.HalfWidth(wildFirst), TInterval.SteinHalfWidth(wildFirst, firstStage: 1));
    }
}
