using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Tests.Summary;

[Trait("Tier", "Unit")]
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

    [Fact]
    public void An_epochs_payload_is_spread_over_the_epoch_not_read_as_a_burst_in_the_second_it_appeared()
    {
        // The trainer's counters jump once an epoch: 1,000 MB after 10 s of training, seen by a sample
        // 1 ms after the one before it (the sampler catching up after a slow tick). Divided by that
        // millisecond it read as 1,000,000 MB/s; it moved at 100 MB/s.
        var nodes = ResourceAggregator.Aggregate([
            Sample(0, 0, 90, 1, 0, 0),
            .. Enumerable.Range(1, 9).Select(s => Sample(s, 0, 90, 1, 0, 0)),
            Sample(9.999, 0, 90, 1, 0, 0),
            Sample(10, 0, 90, 1, 1_000_000_000, 1_000_000_000),
            Sample(11, 0, 90, 1, 1_000_000_000, 1_000_000_000),
        ]);

        Assert.Null(nodes[0].ReceiveMegabytesPerSecond);
        Assert.All(nodes.Skip(1).Take(10), n => Assert.Equal(100, n.ReceiveMegabytesPerSecond!.Value, precision: 6));
        Assert.Equal(0, nodes[^1].ReceiveMegabytesPerSecond);
    }

    [Fact]
    public void Two_epochs_arriving_with_two_catch_up_samples_ms_apart_are_spread_over_the_stall_not_the_milliseconds()
    {
        // Seen in a cluster run: the sampler stalled from 15 s to 43.761 s; its catch-up samples 5 ms
        // apart read 3 GB, then 8 GB. The second jump over 5 ms read as 1,034,474 MB/s.
        var nodes = ResourceAggregator.Aggregate([
            Sample(11, 0, 90, 1, 1_000_000_000, 1_000_000_000),
            Sample(15, 0, 90, 1, 2_000_000_000, 2_000_000_000),
            Sample(43.761, 0, 90, 1, 3_000_000_000, 3_000_000_000),
            Sample(43.766, 0, 90, 1, 8_000_000_000, 8_000_000_000),
            Sample(44.766, 0, 90, 1, 8_000_000_000, 8_000_000_000),
        ]);

        // 6,000 MB over the 28.8 s the counter stood still (209 MB/s); 250 MB/s from 11 to 15 s.
        Assert.All(nodes, n => Assert.True(n.ReceiveMegabytesPerSecond is null or <= 250, $"{n.ElapsedSeconds} s: {n.ReceiveMegabytesPerSecond} MB/s"));
        // Second 44 holds both catch-up samples, both inside the stretch that ends with the second one
        // (before, the first took the stretch's rate and the second 0, so the second read half of it).
        Assert.Equal(6_000 / (43.766 - 15), nodes.Single(n => n.ElapsedSeconds == 44).ReceiveMegabytesPerSecond!.Value, precision: 6);
        Assert.Equal(0, nodes.Single(n => n.ElapsedSeconds == 45).ReceiveMegabytesPerSecond);
    }

    [Fact]
    public void Three_catch_up_samples_ms_apart_with_the_jump_on_the_last_are_one_sighting()
    {
        // Seen in the default run (thesis-single, container rep-9): the sampler stalled for 10 s, then
        // read 4.1 GB, 4.1 GB and 5.2 GB at 32.834, 32.835 and 32.838 s. Only adjacent pairs were
        // joined, so the last jump over 3 ms read as 258,618 MB/s on a 1,380 MB/s path.
        var nodes = ResourceAggregator.Aggregate([
            Sample(17.8, 0, 90, 1, 2_000_000_000, 2_000_000_000),
            Sample(22.766, 0, 90, 1, 3_000_000_000, 3_000_000_000),
            Sample(32.834, 0, 90, 1, 4_000_000_000, 4_000_000_000),
            Sample(32.835, 0, 90, 1, 4_000_000_000, 4_000_000_000),
            Sample(32.838, 0, 90, 1, 5_000_000_000, 5_000_000_000),
            Sample(33.838, 0, 90, 1, 5_000_000_000, 5_000_000_000),
            Sample(37.8, 0, 90, 1, 6_000_000_000, 6_000_000_000),
        ]);

        Assert.Equal(2_000 / (32.838 - 22.766), nodes.Single(n => n.ElapsedSeconds == 33).ReceiveMegabytesPerSecond!.Value, precision: 6);
        Assert.All(nodes, n => Assert.True(n.ReceiveMegabytesPerSecond is null or <= 260, $"{n.ElapsedSeconds} s: {n.ReceiveMegabytesPerSecond} MB/s"));
    }

    [Fact]
    public void An_epoch_seen_a_quarter_second_after_the_one_before_it_joins_it()
    {
        // Seen in the default run (thesis-single, native rep-3): epochs every ~5 s, a 4.5-s stall of
        // the sampler, then two jumps 0.243 s apart, read as 4,257 MB/s on a 1,800 MB/s path. The
        // counter moves once an epoch, so the reader was late for the first: both spread over the stretch since the counter last moved.
        var nodes = ResourceAggregator.Aggregate([
            Sample(40, 0, 90, 1, 8_000_000_000, 8_000_000_000),
            Sample(45, 0, 90, 1, 9_000_000_000, 9_000_000_000),
            Sample(50, 0, 90, 1, 10_000_000_000, 10_000_000_000),
            Sample(54.993, 0, 90, 1, 10_000_000_000, 10_000_000_000),
            Sample(59.498, 0, 90, 1, 11_000_000_000, 11_000_000_000),
            Sample(59.741, 0, 90, 1, 12_000_000_000, 12_000_000_000),
            Sample(61, 0, 90, 1, 12_000_000_000, 12_000_000_000),
        ]);

        Assert.Equal(2_000 / (59.741 - 50), nodes.Single(n => n.ElapsedSeconds == 60).ReceiveMegabytesPerSecond!.Value, precision: 6);
        Assert.Equal(200, nodes.Single(n => n.ElapsedSeconds == 50).ReceiveMegabytesPerSecond!.Value, precision: 6);
    }

    [Fact]
    public void Two_samples_of_one_worker_in_the_same_second_count_once_not_twice()
    {
        var nodes = ResourceAggregator.Aggregate([
            Sample(1, 0, 60, 100_000_000, 0, 0),
            Sample(2.2, 0, 60, 100_000_000, 0, 0),
            Sample(2.201, 0, 62, 100_000_000, 0, 0),
            Sample(3, 0, 60, 100_000_000, 0, 0),
        ]);

        Assert.Equal([1.0, 2.0, 3.0], nodes.Select(n => n.ElapsedSeconds));
        Assert.Equal(61, nodes[1].CpuPercent!.Value, precision: 6);
        Assert.Equal(100, nodes[1].MemoryMegabytes!.Value, precision: 6);
    }

    [Fact]
    public void A_reading_that_drops_to_zero_for_a_moment_is_a_bad_read_not_a_reset_followed_by_a_burst()
    {
        // Seen in a cluster run: the records read as empty once (0 bytes), then whole again; taken as a
        // reset, the return to 3.1 GB read as 3,088 MB/s in one second.
        var nodes = ResourceAggregator.Aggregate([
            Sample(10, 0, 90, 1, 1_000_000_000, 1_000_000_000),
            Sample(11, 0, 90, 1, 0, 0),
            Sample(12, 0, 90, 1, 1_000_000_000, 1_000_000_000),
            Sample(20, 0, 90, 1, 2_000_000_000, 2_000_000_000),
        ]);

        Assert.Null(nodes[1].ReceiveMegabytesPerSecond);
        Assert.Equal(100, nodes[2].ReceiveMegabytesPerSecond!.Value, precision: 6);
        Assert.Equal(100, nodes[3].ReceiveMegabytesPerSecond!.Value, precision: 6);
    }
}
