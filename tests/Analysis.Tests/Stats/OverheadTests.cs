using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Tests.Stats;

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
        Assert.Contains("BCa", paired.Description);
        var pairedWidth = paired.RatioInterval.Value.High - paired.RatioInterval.Value.Low;
        var unpairedWidth = unpaired.RatioInterval!.Value.High - unpaired.RatioInterval.Value.Low;
        Assert.True(pairedWidth < unpairedWidth / 3, $"paired {pairedWidth:0.000} vs unpaired {unpairedWidth:0.000}");
    }

    [Fact]
    public void Fewer_than_five_pairs_use_the_percentile_interval()
    {
        Assert.Contains("percentile", Overhead.Paired([(100, 110), (102, 111), (99, 108)])!.Description);
    }
}
