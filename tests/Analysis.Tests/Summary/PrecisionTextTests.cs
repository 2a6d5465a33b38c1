using System.Globalization;
using Testbed.Analysis.Results;
using Testbed.Analysis.Run;
using Testbed.Analysis.Summary;
using Testbed.Analysis.Tables;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Summary;

/// <summary>The headline's achieved half-width beside the target the run asked for, for every way a run can end.</summary>
[Trait("Tier", "Unit")]
public sealed class PrecisionTextTests
{
    private static readonly ScenarioSummary Single = RunSummary.Of(RunFolder.Load(Fixtures.Run(Fixtures.CleanRun))).Scenarios.Single(s =>
        s.Name == "thesis-single");

    private static readonly string Achieved = "±" + Single.Overhead!.HalfWidthPercent!.Value.ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static string Text(PrecisionStop? stop, bool applied = true, double? target = 3, int? needed = 9, string? detail = null) =>
        HeadlineTables.PrecisionText(Single with
        {
            PrecisionRecord = new ScenarioPrecisionEntry("thesis-single", target, applied, 12) { Stop = stop, Detail = detail },
            PairsNeeded = needed,
        });

    [Fact]
    public void Each_way_a_run_ends_reads_beside_the_achieved_half_width()
    {
        Assert.Equal($"{Achieved} (target ±3 %: met)", Text(PrecisionStop.Met));
        Assert.Equal($"{Achieved} (target ±3 %: not met within the budget; about 9 rounds would reach it at this spread)", Text(PrecisionStop.Budget));
        Assert.Equal($"{Achieved} (target ±3 %: not met within the limit of 12 rounds; about 9 rounds would reach it at this spread)",
            Text(PrecisionStop.Limit));
        Assert.Equal($"{Achieved} (target ±3 %: not met within the budget; out of reach at this spread)", Text(PrecisionStop.Budget, needed: null));
        Assert.Equal($"{Achieved} (target ±3 %: not met: repetitions failed (no new pair in the last 2 rounds))", Text(PrecisionStop.Failing));
        Assert.Equal($"{Achieved} (target ±3 %: not judged: the run stopped first; about 9 rounds would reach it at this spread)", Text(null));
        Assert.Equal($"{Achieved} (target ±2.5 %: not applied: --repetitions 2 is below the 3 minimum rounds)",
            Text(PrecisionStop.Fixed, applied: false, target: 2.5, detail: "--repetitions 2 is below the 3 minimum rounds"));
    }

    [Fact]
    public void Without_a_target_only_the_half_width_shows_and_without_an_interval_nothing()
    {
        Assert.Equal(Achieved, Text(PrecisionStop.Fixed, target: null));
        Assert.Equal(Achieved, HeadlineTables.PrecisionText(Single));
        Assert.Equal("–", HeadlineTables.PrecisionText(Single with { Overhead = null }));
    }
}
