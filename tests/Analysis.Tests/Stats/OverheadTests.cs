using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Tests.Stats;

public class OverheadTests
{
    [Fact]
    public void Thesis_single_numbers_give_a_ratio_of_185_over_150()
    {
        var overhead = Overhead.Of([150.0], [185.0])!;

        Assert.Equal(1.2333, overhead.Ratio, 4);
        Assert.Equal(23.33, overhead.Percent, 2);
        Assert.Equal(1, overhead.NativeN);
        Assert.Equal(1, overhead.ContainerN);
    }

    [Fact]
    public void Percent_interval_follows_the_ratio_interval()
    {
        var overhead = new Overhead(1.2, new Interval(1.1, 1.3), 3, 3);

        Assert.Equal(10.0, overhead.PercentInterval.Low, 9);
        Assert.Equal(30.0, overhead.PercentInterval.High, 9);
    }

    [Fact]
    public void No_overhead_without_a_measured_repetition_in_each_mode()
    {
        Assert.Null(Overhead.Of([150.0], []));
        Assert.Null(Overhead.Of([], [185.0]));
    }
}
