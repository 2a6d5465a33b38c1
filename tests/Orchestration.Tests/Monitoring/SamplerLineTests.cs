using Testbed.Orchestration.Monitoring;

namespace Testbed.Orchestration.Tests.Monitoring;

/// <summary>The sampler's lines as the runner reads them: units converted, a missing counter missing (never 0), anything else refused.</summary>
[Trait("Tier", "Unit")]
public sealed class SamplerLineTests
{
    [Fact]
    public void A_worker_line_is_read_in_seconds_and_bytes()
    {
        var worker = SamplerLine.Worker("pid 4242 2500000000 1024 10 3 750000000 12 2048 4096", at: 17.5);

        Assert.Equal(new WorkerCounters(4242, 17.5, 2.5, 1024 * 1024, 10, 3, 0.75, 12, 2048, 4096), worker);
    }

    [Fact]
    public void A_counter_the_node_could_not_read_is_missing_not_zero()
    {
        var worker = SamplerLine.Worker("pid 7 - 512 - - - - - -", at: 1);

        Assert.NotNull(worker);
        Assert.Null(worker.CpuSeconds);
        Assert.Null(worker.ThrottledSeconds);
        Assert.Null(worker.RxBytes);
        Assert.Equal(512 * 1024, worker.RssBytes);
    }

    [Theory]
    [InlineData("pid x 1 2 3 4 5 6 7 8")]
    [InlineData("pid 7 1 2 3")]
    [InlineData("node 1 2 3 4 5 6 7 8 9")]
    public void A_line_that_is_not_a_worker_line_is_none(string line) => Assert.Null(SamplerLine.Worker(line, at: 1));

    [Fact]
    public void A_place_line_carries_its_own_totals_and_the_quota_s_throttling()
    {
        var place = SamplerLine.Place("node 120.25 5000000000 1048576 100 200 0.5 40 4 2000000000");

        Assert.NotNull(place);
        Assert.Equal((120.25, 5e9, 1048576L, 100L, 200L, 0.5),
            (place.At, place.CpuNanoseconds!.Value, place.MemoryBytes!.Value, place.RxBytes!.Value, place.TxBytes!.Value, place.SamplerCpuSeconds!.Value));
        Assert.Equal((40L, 4L, 2.0), (place.Periods!.Value, place.ThrottledPeriods!.Value, place.ThrottledSeconds!.Value));
        Assert.Null(SamplerLine.Place("node - 1 2 3 4 5 6 7 8")); // a round without its time cannot be placed
    }

    [Fact]
    public void A_followed_file_s_line_keeps_its_text_whole()
    {
        Assert.Equal((3, """{"type": "epoch", "note": "a b"}"""), SamplerLine.Record("""rec 3 {"type": "epoch", "note": "a b"}"""));
        Assert.Null(SamplerLine.Record("rec x {}"));
        Assert.Null(SamplerLine.Record("pid 1 2"));
    }
}
