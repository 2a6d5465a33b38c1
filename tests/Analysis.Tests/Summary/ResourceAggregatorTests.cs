using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Tests.Summary;

public sealed class ResourceAggregatorTests
{
    private static MetricSample Sample(double second, int rank, double? cpu, long? memory, long rx, long tx) =>
        new(DateTimeOffset.UnixEpoch.AddSeconds(second), second, "w1", rank, "node-1", cpu, memory, rx, tx);

    [Fact]
    public void A_missing_reading_stays_missing_and_is_never_summed_as_zero()
    {
        var nodes = ResourceAggregator.Aggregate([
            Sample(1, 0, null, null, 1_000_000, 1_000_000),
            Sample(1, 1, null, null, 1_000_000, 1_000_000),
            Sample(2, 0, 50, 100_000_000, 2_000_000, 2_000_000),
            Sample(2, 1, null, 200_000_000, 2_000_000, 2_000_000),
        ]);

        Assert.Null(nodes[0].CpuPercent);
        Assert.Null(nodes[0].MemoryMegabytes);
        Assert.Equal(50, nodes[1].CpuPercent);
        Assert.Equal(300, nodes[1].MemoryMegabytes);
    }

    [Fact]
    public void A_counter_that_drops_when_a_container_exits_gives_no_rate_instead_of_a_negative_one()
    {
        var nodes = ResourceAggregator.Aggregate([
            Sample(1, 0, 90, 1, 5_000_000, 5_000_000),
            Sample(2, 0, 90, 1, 9_000_000, 9_000_000),
            Sample(3, 0, 10, 1, 0, 0),
        ]);

        Assert.Equal(4, nodes[1].ReceiveMegabytesPerSecond!.Value, precision: 6);
        Assert.Null(nodes[2].ReceiveMegabytesPerSecond);
        Assert.Null(nodes[2].SendMegabytesPerSecond);
    }
}
