using Testbed.Analysis.Run;
using Testbed.Analysis.Stats;
using Testbed.Analysis.Summary;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Stats;

/// <summary>The headline's precision: read from a run folder, forecast from an earlier one, and the pairs a target needs.</summary>
[Trait("Tier", "Unit")]
public sealed class PrecisionTests
{
    [Fact]
    public void The_reading_of_a_run_folder_is_the_report_s_headline_interval()
    {
        var readings = RunPrecision.Read(Fixtures.Run(Fixtures.CleanRun));
        var summary = RunSummary.Of(Testbed.Analysis.Results.RunFolder.Load(Fixtures.Run(Fixtures.CleanRun)));

        Assert.Equal(["thesis-single", "thesis-dual"], readings.Select(r => r.Scenario));
        foreach (var reading in readings)
        {
            var headline = summary.Scenarios.Single(s => s.Name == reading.Scenario).Overhead!;
            // The fixture records no rounds: the k-th pair counts as round k.
            Assert.Equal(3, reading.Pairs);
            Assert.Equal([0, 1, 2], reading.PairedRounds);
            Assert.Equal(headline.Ratio, reading.Ratio!.Value, 12);
            Assert.Equal(headline.PercentInterval!.Value.Low, reading.LowPercent!.Value, 12);
            Assert.Equal(headline.HalfWidthPercent!.Value, reading.HalfWidthPercent!.Value, 12);
            // The fixture asked for no precision: nothing to need.
            Assert.Null(reading.PairsNeeded);
        }
    }

    [Fact]
    public void The_pairs_a_target_needs_are_the_first_n_whose_half_width_reaches_it()
    {
        static double HalfWidth(int n, double spread, double? first, int firstStage)
        {
            var half = TInterval.Quantile(n - 1) * spread;
            if (first is { } s0 && n > firstStage) half = Math.Max(half, TInterval.Quantile(firstStage - 1) * s0);
            return Math.Exp(0.1) * Math.Sinh(half / Math.Sqrt(n)) * 100;
        }

        foreach (var (spread, first) in new[] { (0.05, (double?)null), (0.03, 0.06), (0.02, 0.01) })
        {
            var needed = Precision.PairsNeeded(0.1, spread, first, 5, targetPercent: 3, from: 5)!.Value;
            Assert.True(HalfWidth(needed, spread, first, 5) <= 3, $"{spread}/{first}: {needed} pairs do not reach ±3 %");
            if (needed > 5) Assert.True(HalfWidth(needed - 1, spread, first, 5) > 3, $"{spread}/{first}: {needed - 1} pairs already reach ±3 %");
        }
        // Stein's guard: a wide first stage needs more pairs than its later calm spread alone would.
        Assert.True(Precision.PairsNeeded(0.1, 0.03, 0.06, 5, 3, 5) > Precision.PairsNeeded(0.1, 0.03, null, 5, 3, 5));
        Assert.Null(Precision.PairsNeeded(0.1, 10, null, 5, 3, 5));
    }

    [Fact]
    public void A_forecast_comes_from_the_newest_earlier_run_of_the_scenario_on_the_same_cluster()
    {
        var forecast = RunPrecision.Forecast(Fixtures.Results, "local", "thesis-single", targetPercent: 3, minimumRounds: 5)!;
        var dual = RunPrecision.Forecast(Fixtures.Results, "local", "thesis-dual", targetPercent: 3, minimumRounds: 5)!;

        // The troubled run is newer and ran thesis-single (2 pairs); only the clean run ran thesis-dual.
        Assert.Equal((Fixtures.TroubledRun, 2), (forecast.RunId, forecast.Pairs));
        Assert.Equal((Fixtures.CleanRun, 3), (dual.RunId, dual.Pairs));
        Assert.True(forecast.PairsNeeded >= 5);
        Assert.Null(RunPrecision.Forecast(Fixtures.Results, "virtual-3", "thesis-single", 3, 5));
        Assert.Null(RunPrecision.Forecast(Fixtures.Results, "local", "smoke", 3, 5));
    }
}
