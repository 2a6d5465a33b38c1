using Testbed.Analysis.Checks;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Checks;

/// <summary>Holes in a worker's samples, and what the driver's pulse says caused them.</summary>
[Trait("Tier", "Unit")]
public sealed class MonitoringGapCheckTests : IDisposable
{
    private readonly TempDirectory _results = new();

    public void Dispose() => _results.Dispose();

    /// <summary>Rank 1's rows from 3 s to 9 s left out of container rep-2: a 7-s hole, as a starved pool left them.</summary>
    private static CheckRunBuilder WithHole(Func<Mode, int, IReadOnlyList<DriverSample>?> driver) => new()
    {
        EditMetrics = (mode, k, rows) => mode == Mode.Container && k == 2 ? rows.Where(r => r.Rank != 1 || r.ElapsedSeconds is <= 2 or >= 9).ToList() : rows,
        Driver = driver,
    };

    private static IReadOnlyList<DriverSample> Pulse(double poolWaitMs, double wakeLateMs) =>
        Enumerable.Range(0, 40).Select(i => new DriverSample(i * 0.25, i == 20 ? wakeLateMs : 0.5, i == 20 ? poolWaitMs : 0.2)).ToList();

    [Fact]
    public void A_7_second_hole_with_a_pool_item_waiting_6_seconds_is_a_warning_that_names_the_starved_pool()
    {
        var results = WithHole((_, _) => Pulse(poolWaitMs: 6_000, wakeLateMs: 2)).Checks(_results.Path);

        var finding = Assert.Single(CheckAssert.Fired(results, "monitoring gaps"));
        Assert.Equal(new Place("s", Mode.Container, 2, 2, "w1", 1), finding.Where);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("the longest 7.0 s from 2 s", finding.Seen);
        Assert.Contains("longest pool wait 6,000 ms", finding.Seen);
        Assert.Contains("the thread pool starved", finding.Seen);
    }

    [Fact]
    public void A_hole_while_the_driver_woke_seconds_late_says_the_driver_got_no_CPU()
    {
        var results = WithHole((_, _) => Pulse(poolWaitMs: 6_000, wakeLateMs: 5_000)).Checks(_results.Path);

        Assert.Contains("the driver got no CPU", Assert.Single(CheckAssert.Fired(results, "monitoring gaps")).Seen);
    }

    [Fact]
    public void A_hole_in_a_folder_without_driver_csv_is_still_flagged_and_says_it_cannot_tell_why()
    {
        var results = WithHole((_, _) => null).Checks(_results.Path);

        Assert.Contains("no driver.csv to tell why", Assert.Single(CheckAssert.Fired(results, "monitoring gaps")).Seen);
    }

    [Fact]
    public void Samples_a_second_apart_with_one_late_tick_of_2_5_seconds_find_nothing()
    {
        var results = new CheckRunBuilder
        {
            EditMetrics = (_, _, rows) =>
                rows.Where(r => r.ElapsedSeconds != 4).Select(r => r.ElapsedSeconds == 5 ? r with { ElapsedSeconds = 5.5 } : r).ToList(),
            Driver = (_, _) => Pulse(poolWaitMs: 3, wakeLateMs: 1),
        }.Checks(_results.Path);

        CheckAssert.Quiet(results, "monitoring gaps");
    }
}
