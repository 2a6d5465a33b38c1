using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Tests.Stats;

[Trait("Tier", "Unit")]
public class BootstrapTests
{
    [Fact]
    public void Constant_samples_give_a_zero_width_interval_at_the_exact_ratio()
    {
        var interval = Bootstrap.RatioOfMeans([150.0, 150.0, 150.0], [185.0, 185.0, 185.0]);

        Assert.Equal(185.0 / 150.0, interval.Low, 12);
        Assert.Equal(185.0 / 150.0, interval.High, 12);
    }

    [Fact]
    public void Two_point_sample_gives_its_extreme_resampled_means_as_the_interval()
    {
        // Resampled means of {1, 3} are 1, 2 or 3 with probability 1/4, 1/2, 1/4: the 2.5 % and
        // 97.5 % percentiles fall inside the outer quarters, so the interval is exactly [1, 3].
        var interval = Bootstrap.RatioOfMeans([1.0], [1.0, 3.0]);

        Assert.Equal(new Interval(1.0, 3.0), interval);
    }

    [Fact]
    public void Interval_of_the_ratio_holds_the_point_estimate_and_lies_within_the_extreme_ratios()
    {
        double[] native = [100, 110, 90, 105, 95];
        double[] container = [120, 132, 108, 126, 114];

        var interval = Bootstrap.RatioOfMeans(native, container);

        Assert.True(interval.Contains(1.2), $"{interval} should contain 1.2");
        Assert.True(interval.Low < interval.High);
        Assert.True(interval.Low >= container.Min() / native.Max() && interval.High <= container.Max() / native.Min());
    }

    [Fact]
    public void Same_seed_gives_the_same_interval_and_another_seed_a_slightly_different_one()
    {
        // Ten values each: with three, the interval's ends are often the same resampled mean for any seed.
        double[] native = [15.12, 15.16, 15.24, 15.31, 15.02, 15.19, 15.27, 15.08, 15.14, 15.22];
        double[] container = [17.70, 17.84, 17.72, 17.95, 17.61, 17.77, 17.88, 17.69, 17.81, 17.74];

        var first = Bootstrap.RatioOfMeans(native, container);
        var again = Bootstrap.RatioOfMeans(native, container);
        var other = Bootstrap.RatioOfMeans(native, container, seed: 7);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(first.Low, other.Low, 2);
    }

    [Fact]
    public void Interval_of_a_mean_spans_the_middle_of_the_resampled_means()
    {
        var interval = Bootstrap.Mean([1.0, 2.0, 3.0, 4.0, 5.0]);

        Assert.True(interval.Contains(3.0));
        Assert.InRange(interval.Low, 1.0, 3.0);
        Assert.InRange(interval.High, 3.0, 5.0);
    }

    [Fact]
    public void Empty_group_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Bootstrap.RatioOfMeans([], [1.0]));
    }
}
