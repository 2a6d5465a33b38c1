using Testbed.Orchestration.Monitoring;

namespace Testbed.Orchestration.Tests.Monitoring;

/// <summary>The machine's busy CPU from /proc/stat: every state but idle and iowait, guest time not counted twice.</summary>
[Trait("Tier", "Unit")]
public sealed class MachineCpuTests
{
    [Fact]
    public void Busy_time_adds_user_nice_system_irq_softirq_and_steal_in_seconds() =>
        // user 1000, nice 20, system 300, idle 90000 (out), iowait 500 (out), irq 10, softirq 40, steal 30; guest 700 is inside user.
        Assert.Equal(14.0, MachineCpu.Parse("cpu  1000 20 300 90000 500 10 40 30 700 0"));

    [Theory]
    [InlineData(null)]
    [InlineData("cpu0 1 2 3 4 5")]
    [InlineData("cpu 1 2 x 4 5")]
    [InlineData("cpu 1 2")]
    public void A_line_that_is_not_the_aggregate_gives_nothing(string? line) => Assert.Null(MachineCpu.Parse(line));

    [Fact]
    public void This_machine_reports_a_growing_busy_time()
    {
        var first = MachineCpu.BusySeconds();
        Assert.NotNull(first);
        var spin = System.Diagnostics.Stopwatch.StartNew();
        while (spin.ElapsedMilliseconds < 100) { }

        Assert.True(MachineCpu.BusySeconds() >= first);
    }
}
