using Testbed.Orchestration.Monitoring;

namespace Testbed.Orchestration.Tests.Monitoring;

public sealed class SamplerLineTests
{
    [Fact]
    public void A_node_line_gives_its_clock_totals_and_the_sampler_s_own_cpu()
    {
        var place = SamplerLine.Place("node 3292.50 5712940052579 12270051328 1000 2000 0.06 500 20 1500000000");

        Assert.Equal(new PlaceReading(3292.50, 5712940052579, 12270051328, 1000, 2000, 0.06) { Periods = 500, ThrottledPeriods = 20, ThrottledSeconds = 1.5 }, place);
    }

    [Fact]
    public void A_value_the_sampler_could_not_read_is_missing_not_zero()
    {
        var place = SamplerLine.Place("node 12.5 - - - - 0.00 - - -")!;
        var worker = SamplerLine.Worker("pid 42 - - - - - - - -", place.At)!;

        Assert.Equal((null, null, null, null, null), (place.CpuNanoseconds, place.MemoryBytes, place.RxBytes, place.TxBytes, place.ThrottledPeriods));
        Assert.Equal(new WorkerCounters(42, 12.5, null, null, null, null, null, null, null, null), worker);
    }

    [Fact]
    public void A_worker_line_converts_nanoseconds_to_seconds_and_kilobytes_to_bytes()
    {
        var worker = SamplerLine.Worker("pid 30133 2500000000 1024 300 12 150000000 691500 10 20", 7.0)!;

        Assert.Equal(new WorkerCounters(30133, 7.0, 2.5, 1024 * 1024, 300, 12, 0.15, 691500, 10, 20), worker);
    }

    [Fact]
    public void A_record_line_keeps_its_text_as_written()
    {
        Assert.Equal((12, "{\"type\":\"epoch\", \"epoch\":1}"), SamplerLine.Record("rec 12 {\"type\":\"epoch\", \"epoch\":1}"));
        Assert.Null(SamplerLine.Record("rec x {}"));
        Assert.Null(SamplerLine.Record("pid 1 2 3 4 5 6 7 8 9"));
    }

    [Theory]
    [InlineData("end")]
    [InlineData("pid x 1 2 3 4 5 6 7 8")]
    [InlineData("pid 1 2 3")]
    [InlineData("node")]
    public void Anything_else_is_not_a_reading(string line)
    {
        Assert.Null(SamplerLine.Place(line));
        Assert.Null(SamplerLine.Worker(line, 1));
    }
}
