using Testbed.Analysis.Checks;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Checks;

/// <summary>Page faults and CPU throttling, from metrics.csv's cumulative counters.</summary>
[Trait("Tier", "Unit")]
public sealed class CounterChecksTests : IDisposable
{
    private readonly TempDirectory _results = new();

    public void Dispose() => _results.Dispose();

    [Fact]
    public void Faulting_the_heap_in_during_the_first_epoch_is_start_up_not_a_finding()
    {
        // The builder's workers fault 30,000 pages a second in their first epoch, then 40 a second.
        var results = new CheckRunBuilder().Checks(_results.Path);

        CheckAssert.Quiet(results, "page faults");
    }

    [Fact]
    public void A_steady_fault_rate_above_2000_a_second_fires_and_just_below_does_not()
    {
        var above = new CheckRunBuilder { PageFaultsPerSecond = (mode, k, rank) => (mode, k, rank) == (Mode.Container, 4, 2) ? 2_500
            : 40 }.Checks(_results.Path);
        var finding = Assert.Single(CheckAssert.Fired(above, "page faults"));
        Assert.Equal(new Place("s", Mode.Container, 4, 4, "w1", 2, "node-3", "2-4"), finding.Where);

        using var other = new TempDirectory();
        var below = new CheckRunBuilder { PageFaultsPerSecond = (_, _, _) => 1_900 }.Checks(other.Path);
        CheckAssert.Quiet(below, "page faults");
    }

    [Fact]
    public void A_worker_throttled_in_most_periods_is_a_note_naming_it()
    {
        var results = new CheckRunBuilder { Throttling = (mode, k, rank) => (mode, k, rank) == (Mode.Native, 1, 0) ? (0.8, 0.06)
            : (0.2, 0.05) }.Checks(_results.Path);

        var finding = Assert.Single(CheckAssert.Fired(results, "CPU throttling"));
        Assert.Equal(Severity.Note, finding.Severity);
        Assert.Contains("1 of 15 workers throttled: rep-1 w1 rank 0 on node-1: 80 % of periods, 6 % of wall time", finding.Seen);
    }

    [Fact]
    public void A_worker_throttled_for_a_third_of_its_time_is_a_note_too()
    {
        var results = new CheckRunBuilder { Throttling = (mode, k, rank) => (mode, k, rank) == (Mode.Container, 0, 2) ? (0.3, 0.33)
            : (0.2, 0.05) }.Checks(_results.Path);

        Assert.Contains("33 % of wall time", Assert.Single(CheckAssert.Fired(results, "CPU throttling")).Seen);
    }

    [Fact]
    public void Containers_throttled_ten_points_more_than_native_under_the_same_quota_is_a_warning()
    {
        var results = new CheckRunBuilder { Throttling = (mode, _, _) => mode == Mode.Container ? (0.3, 0.15) : (0.2, 0.05) }.Checks(_results.Path);

        var finding = Assert.Single(CheckAssert.Fired(results, "CPU throttling"));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(Mode.Container, finding.Where.Mode);
        Assert.Contains("15 % of its wall time against native's 5 %", finding.Seen);
    }

    [Fact]
    public void Modes_throttled_alike_below_the_thresholds_find_nothing()
    {
        var results = new CheckRunBuilder { Throttling = (mode, _, _) => mode == Mode.Container ? (0.45, 0.09) : (0.4, 0.06) }.Checks(_results.Path);

        CheckAssert.Quiet(results, "CPU throttling");
    }
}
