using Testbed.Analysis.Model;

namespace Testbed.Analysis.Tests.Model;

[Trait("Tier", "Unit")]
public class RingCostTests
{
    [Fact]
    public void Three_nodes_one_megabyte_by_hand()
    {
        // N = 3, B = 1e6 bytes, latency 50 us, 1e9 bytes/s, 1 ns per byte reduced:
        // 4 x 50 us = 200 us; 4/3 x 1e6 / 1e9 = 1333.3 us; 2/3 x 1e6 x 1e-9 = 666.7 us; 2200 us in all.
        var seconds = RingCost.AllReduceSeconds(3, 1e6, new RingParameters(50e-6, 1e9, 1e-9));

        Assert.Equal(2200e-6, seconds, 12);
    }

    [Fact]
    public void One_worker_exchanges_nothing_and_two_workers_send_the_gradient_once()
    {
        var path = new RingParameters(1e-3, 1e6, 0);

        Assert.Equal(0, RingCost.AllReduceSeconds(1, 1e6, path));
        Assert.Equal(2 * 1e-3 + 1.0, RingCost.AllReduceSeconds(2, 1e6, path), 12);
        Assert.Equal(1e6, RingCost.GradientBytesFromSent(2, 1e6), 6);
        Assert.Equal(1e6, RingCost.GradientBytesFromSent(4, 1.5e6), 6);
    }

    [Fact]
    public void Bad_sizes_are_refused()
    {
        var path = new RingParameters(0, 1, 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => RingCost.AllReduceSeconds(0, 1, path));
        Assert.Throws<ArgumentOutOfRangeException>(() => RingCost.AllReduceSeconds(2, -1, path));
    }
}
