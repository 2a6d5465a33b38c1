using Testbed.Orchestration.Monitoring;

namespace Testbed.Orchestration.Tests.Monitoring;

/// <summary>The machine's CPU from /proc/stat: busy is every state but idle and iowait, guest time not counted twice; interrupts and steal inside it.</summary>
[Trait("Tier", "Unit")]
public sealed class MachineCpuTests
{
    [Fact]
    public void Busy_time_adds_user_nice_system_irq_softirq_and_steal_in_seconds_with_interrupts_and_steal_apart() =>
        // user 1000, nice 20, system 300, idle 90000 (out), iowait 500 (out), irq 10, softirq 40, steal 30; guest 700 is inside user.
        Assert.Equal(new MachineCpu(14.0, 0.5, 0.3), MachineCpu.Parse("cpu  1000 20 300 90000 500 10 40 30 700 0"));

    [Fact]
    public void A_kernel_that_stops_before_irq_counts_no_interrupts_or_steal() =>
        Assert.Equal(new MachineCpu(13.2, 0, 0), MachineCpu.Parse("cpu 1000 20 300 90000 500"));

    [Theory]
    [InlineData(null)]
    [InlineData("cpu0 1 2 3 4 5")]
    [InlineData("cpu 1 2 x 4 5")]
    [InlineData("cpu 1 2")]
    public void A_line_that_is_not_the_aggregate_gives_nothing(string? line) => Assert.Null(MachineCpu.Parse(line));

    [Fact]
    public void What_was_spent_between_two_readings_is_their_difference() =>
        Assert.Equal(new MachineCpu(2.5, 0.25, 0.5), new MachineCpu(12.5, 1.25, 1.5).Since(new MachineCpu(10, 1, 1)));

    [Fact]
    public void This_machine_reports_a_growing_busy_time()
    {
        var first = MachineCpu.Read();
        Assert.NotNull(first);
        var spin = System.Diagnostics.Stopwatch.StartNew();
        while (spin.ElapsedMilliseconds < 100) { }

        var spent = MachineCpu.Read()!.Since(first);
        Assert.True(spent.BusySeconds >= 0 && spent.InterruptSeconds >= 0 && spent.StealSeconds >= 0, $"{spent}");
    }
}
