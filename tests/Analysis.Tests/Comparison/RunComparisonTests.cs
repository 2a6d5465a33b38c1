using Testbed.Analysis.Comparison;
using Testbed.Analysis.Results;
using Testbed.Analysis.Run;
using Testbed.Analysis.Stats;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Comparison;

[Trait("Tier", "Unit")]
public class RunComparisonTests
{
    private static readonly RunSummary Clean = RunSummary.Of(RunFolder.Load(Fixtures.Run(Fixtures.CleanRun)));
    private static readonly RunSummary Troubled = RunSummary.Of(RunFolder.Load(Fixtures.Run(Fixtures.TroubledRun)));

    [Theory]
    [InlineData(1.0, 2.0, 1.5, 3.0, Verdict.CannotTell)]
    [InlineData(1.0, 2.0, 2.0, 3.0, Verdict.CannotTell)] // touching intervals overlap
    [InlineData(1.0, 2.0, 2.1, 3.0, Verdict.Lower)]
    [InlineData(2.1, 3.0, 1.0, 2.0, Verdict.Higher)]
    public void Verdict_calls_overlapping_intervals_the_same_and_separated_ones_lower_or_higher(double aLow, double aHigh, double bLow, double bHigh,
        Verdict expected)
    {
        Assert.Equal(expected, Verdicts.Of(new Interval(aLow, aHigh), new Interval(bLow, bHigh)));
    }

    [Fact]
    public void Verdict_without_a_number_on_one_side_is_not_comparable_and_without_an_interval_cannot_tell()
    {
        Assert.Equal(Verdict.NotComparable, Verdicts.Of(new Interval(1, 2), null, hasA: true, hasB: false));
        // One repetition has a value but no interval: whatever the difference, it cannot be told.
        Assert.Equal(Verdict.CannotTell, Verdicts.Of(new Interval(1, 2), null, hasA: true, hasB: true));
        Assert.Equal(Verdict.CannotTell, Verdicts.Of(null, null));
    }

    [Fact]
    public void Slower_containers_in_the_later_run_read_as_slower_but_two_pairs_cannot_tell_the_overhead_apart()
    {
        var single = RunComparison.Compare(Troubled, Clean).Scenarios.Single(s => s.Scenario == "thesis-single");

        Assert.Equal(Verdict.Higher, single.Time.Container);
        Assert.Equal("slower", Verdicts.ForTime(single.Time.Container));
        Assert.Equal(2, single.A.Container!.N);
        // The troubled run has 2 pairs: Student's t with 1 degree of freedom (12.7) makes its
        // overhead's interval wide enough to hold the clean run's, although its estimate is higher.
        Assert.True(single.OverheadA!.Ratio > single.OverheadB!.Ratio, $"{single.OverheadA.Ratio} vs {single.OverheadB.Ratio}");
        Assert.Equal(Verdict.CannotTell, single.Overhead);
    }

    [Fact]
    public void Comparing_a_run_with_itself_finds_everything_the_same()
    {
        var comparison = RunComparison.Compare(Clean, Clean);

        Assert.All(comparison.Scenarios, s =>
        {
            Assert.Equal(Verdict.CannotTell, s.Time.Native);
            Assert.Equal(Verdict.CannotTell, s.Time.Container);
            Assert.Equal(Verdict.CannotTell, s.Overhead);
        });
    }

    [Fact]
    public void Scenario_only_one_run_has_is_listed_as_not_comparable()
    {
        var dual = RunComparison.Compare(Troubled, Clean).Scenarios.Single(s => s.Scenario == "thesis-dual");

        Assert.Null(dual.A.Native);
        Assert.Equal(Verdict.NotComparable, dual.Time.Native);
        Assert.Equal(Verdict.NotComparable, dual.Overhead);
    }

    [Fact]
    public void Markdown_puts_both_runs_side_by_side_with_a_verdict_per_scenario()
    {
        var markdown = RunComparison.Compare(Troubled, Clean).ToMarkdown();

        Assert.Contains($"# {Fixtures.TroubledRun} (a) against {Fixtures.CleanRun} (b)", markdown);
        Assert.Contains("| thesis-single | container training time (s) |", markdown);
        Assert.Matches(@"\| thesis-single \| container training time \(s\) \| 19\.43 \[[^|]+\] n = 2 \| 17\.75 \[[^|]+\] n = 3 \| slower \|", markdown);
        Assert.Contains("| thesis-dual | container overhead | – |", markdown);
    }

    [Fact]
    public void Build_surface_resolves_latest_and_compares_folders()
    {
        var comparison = AnalysisTargets.Compare(Fixtures.Results, "latest", Fixtures.CleanRun);

        Assert.Equal(Fixtures.TroubledRun, comparison.RunA);
        Assert.Equal(Fixtures.CleanRun, comparison.RunB);
    }
}
