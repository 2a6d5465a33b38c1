using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Tests.Stats;

[Trait("Tier", "Unit")]
public class OverheadTests
{
    [Fact]
    public void Thesis_single_numbers_give_a_ratio_of_185_over_150_and_no_interval_from_one_repetition()
    {
        var overhead = Overhead.Of([150.0], [185.0])!;

        Assert.Equal(1.2333, overhead.Ratio, 4);
        Assert.Equal(23.33, overhead.Percent, 2);
        Assert.Equal(1, overhead.N);
        Assert.Null(overhead.RatioInterval);
        Assert.Equal(IntervalQuality.TooFew, overhead.Quality);
    }

    [Fact]
    public void Percent_interval_follows_the_ratio_interval()
    {
        var overhead = new Overhead(1.2, new Interval(1.1, 1.3), 3, 3, Overhead.UnpairedMethod);

        Assert.Equal(10.0, overhead.PercentInterval!.Value.Low, 9);
        Assert.Equal(30.0, overhead.PercentInterval!.Value.High, 9);
    }

    [Fact]
    public void No_overhead_without_a_measured_repetition_in_each_mode()
    {
        Assert.Null(Overhead.Of([150.0], []));
        Assert.Null(Overhead.Of([], [185.0]));
        Assert.Null(Overhead.Paired([]));
    }

    [Fact]
    public void Two_repetitions_give_an_interval_marked_unreliable_three_a_reliable_one()
    {
        Assert.Equal(IntervalQuality.Unreliable, Overhead.Paired([(100, 110), (102, 111)])!.Quality);
        Assert.Equal(IntervalQuality.Reliable, Overhead.Paired([(100, 110), (102, 111), (99, 108)])!.Quality);
        Assert.Equal(IntervalQuality.Unreliable, Overhead.Of([100, 102], [110, 111, 108])!.Quality);
    }

    [Fact]
    public void Pairs_with_the_same_ratio_under_heavy_drift_give_that_ratio_and_a_zero_width_interval()
    {
        // The machine's speed drifts by a factor of 2 across the run; within each pair containers take 10 % longer.
        double[] natives = [100, 130, 160, 190, 200, 150];
        var pairs = natives.Select(n => (n, n * 1.1)).ToList();

        var paired = Overhead.Paired(pairs)!;
        var unpaired = Overhead.Of(natives, pairs.Select(p => p.Item2).ToList())!;

        Assert.Equal(1.1, paired.Ratio, 12);
        Assert.Equal(1.1, paired.RatioInterval!.Value.Low, 9);
        Assert.Equal(1.1, paired.RatioInterval!.Value.High, 9);
        // Unpaired, the same data cannot even tell the modes apart: drift swamps the 10 %.
        Assert.True(unpaired.RatioInterval!.Value.Contains(1.0), $"unpaired {unpaired.RatioInterval}");
    }

    [Fact]
    public void A_known_ratio_with_noise_is_found_inside_the_paired_interval_which_is_narrower_than_the_unpaired_one()
    {
        var random = new Random(3);
        var pairs = Enumerable.Range(0, 12).Select(_ =>
        {
            var machine = 100 + 60 * random.NextDouble();
            return (machine * (1 + 0.02 * (random.NextDouble() - 0.5)), machine * 1.15 * (1 + 0.02 * (random.NextDouble() - 0.5)));
        }).ToList();

        var paired = Overhead.Paired(pairs)!;
        var unpaired = Overhead.Of(pairs.Select(p => p.Item1).ToList(), pairs.Select(p => p.Item2).ToList())!;

        Assert.True(paired.RatioInterval!.Value.Contains(1.15), $"{paired.RatioInterval}");
        Assert.Contains("Student t", paired.Description);
        var pairedWidth = paired.RatioInterval.Value.High - paired.RatioInterval.Value.Low;
        var unpairedWidth = unpaired.RatioInterval!.Value.High - unpaired.RatioInterval.Value.Low;
        Assert.True(pairedWidth < unpairedWidth / 3, $"paired {pairedWidth:0.000} vs unpaired {unpairedWidth:0.000}");
    }

    [Fact]
    public void The_paired_interval_is_student_t_over_the_log_ratios_mapped_back_to_a_ratio()
    {
        // Log ratios 0.08, 0.10, 0.12: mean 0.10, s = 0.02, t(0.975, 2) = 4.302653, half-width 0.049683.
        var pairs = new[] { 0.08, 0.10, 0.12 }.Select(l => (100.0, 100 * Math.Exp(l))).ToList();

        var paired = Overhead.Paired(pairs)!;

        Assert.Equal(Math.Exp(0.10), paired.Ratio, 12);
        Assert.Equal(Math.Exp(0.10 - 0.049683), paired.RatioInterval!.Value.Low, 5);
        Assert.Equal(Math.Exp(0.10 + 0.049683), paired.RatioInterval!.Value.High, 5);
        Assert.Equal((paired.PercentInterval!.Value.High - paired.PercentInterval.Value.Low) / 2, paired.HalfWidthPercent!.Value, 12);
        Assert.Contains("Student t over the pairs' log ratios", paired.Description);
    }

    [Fact]
    public void The_headline_interval_is_never_narrower_than_stein_s_from_the_first_stage()
    {
        // A wide first stage (the minimum rounds), then calm rounds: the plain t interval over all
        // eight would shrink with the calm ones; Stein's guard keeps the first stage's spread.
        double[] logs = [0.05, 0.15, 0.02, 0.10, 0.10, 0.10, 0.10, 0.10];
        var pairs = logs.Select(l => (100.0, 100 * Math.Exp(l))).ToList();

        var plain = Overhead.Paired(pairs)!;
        var guarded = Overhead.Guarded(pairs, firstStage: 3)!;
        var atFirstStageOnly = Overhead.Guarded(pairs.Take(3).ToList(), firstStage: 3)!;

        Assert.Equal(plain.Ratio, guarded.Ratio, 12);
        var firstSpread = TInterval.StandardDeviation(logs, 3)!.Value;
        var steinHalf = TInterval.Quantile(2) * firstSpread / Math.Sqrt(8);
        Assert.Equal(Math.Exp(Math.Log(guarded.Ratio) + steinHalf), guarded.RatioInterval!.Value.High, 9);
        Assert.True(guarded.HalfWidthPercent > plain.HalfWidthPercent, $"guarded ±{guarded.HalfWidthPercent} vs plain ±{plain.HalfWidthPercent}");
        Assert.Contains("Stein", guarded.Description);
        // With no round beyond the first stage it is the plain t interval.
        Assert.Equal(Overhead.Paired(pairs.Take(3).ToList())!.RatioInterval, atFirstStageOnly.RatioInterval);
        Assert.DoesNotContain("Stein", atFirstStageOnly.Description);
    }

    [Fact]
    public void A_start_up_difference_gets_a_student_t_interval_over_the_pairs_differences()
    {
        // Differences 1, 2, 3 s: mean 2, s = 1, half-width 4.302653 / sqrt 3 = 2.484138.
        var difference = Difference.Paired([(10.0, 11.0), (10.0, 12.0), (10.0, 13.0)])!;

        Assert.Equal(2.0, difference.Seconds, 12);
        Assert.Equal(2.0 - 2.484138, difference.Interval!.Value.Low, 5);
        Assert.Equal(2.0 + 2.484138, difference.Interval!.Value.High, 5);
        Assert.Null(Difference.Paired([(10.0, 11.0)])!.Interval);
    }
}
