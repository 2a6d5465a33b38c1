using Testbed.Analysis.Checks;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Checks;

/// <summary>Rank imbalance, bimodal compute, compute differing between modes; and the malloc defect they exist for.</summary>
[Trait("Tier", "Unit")]
public sealed class ComputeChecksTests : IDisposable
{
    private readonly TempDirectory _results = new();

    public void Dispose() => _results.Dispose();

    /// <summary>
    /// The malloc defect as it was: in some repetitions of either mode one rank computed 25 % slower
    /// and faulted its heap in again every step (45,000 faults a second), and the ring waited for it.
    /// </summary>
    private static readonly CheckRunBuilder MallocDefect = new()
    {
        ComputeMs = (mode, k, rank, _) => Struck(mode, k, rank) ? 62.5 : 50,
        PageFaultsPerSecond = (mode, k, rank) => Struck(mode, k, rank) ? 45_000 : 40,
        StepFactor = (_, _, _) => 1,
    };

    private static bool Struck(Mode mode, int k, int rank) => (mode, k, rank) is (Mode.Native, 1, 2) or (Mode.Native, 3, 0) or (Mode.Container, 2, 1);

    [Fact]
    public void The_malloc_defect_fires_the_imbalance_and_page_fault_checks_on_the_struck_ranks()
    {
        var results = MallocDefect.Checks(_results.Path);

        var imbalance = CheckAssert.Fired(results, "rank imbalance");
        Assert.Equal(["native rep-1 rank 2 on node-3", "native rep-3 rank 0 on node-1", "container rep-2 rank 1 on node-2"],
            imbalance.Select(f => $"{f.Where.Mode!.Value.ToName()} rep-{f.Where.Repetition} rank {f.Where.Rank} on {f.Where.Node}"));
        Assert.All(imbalance, f => Assert.Equal(Severity.Warning, f.Severity));
        Assert.Contains("compute 62.5 ms/step against its peers' 50.0 ms (+25.0 %", imbalance[0].Seen);
        Assert.Equal("2-4", imbalance[0].Where.Epochs);

        var faults = CheckAssert.Fired(results, "page faults");
        Assert.Equal(imbalance.Select(f => f.Where with { Epochs = null }), faults.Select(f => f.Where with { Epochs = null }));
        Assert.Contains("45,000 page faults a second", faults[0].Seen);
    }

    [Fact]
    public void A_rank_within_ten_percent_of_its_peers_is_no_imbalance()
    {
        var results = new CheckRunBuilder { ComputeMs = (_, _, rank, _) => rank == 1 ? 54.5 : 50 }.Checks(_results.Path);

        CheckAssert.Quiet(results, "rank imbalance");
    }

    /// <summary>Ranks spread up to ±3.6 %, so their deviations from their peers reach ±12 %, as six workers on two cores spread here.</summary>
    private static double Noisy(Mode mode, int k, int rank) => 50 * (1 + 0.6 * RankNoise[(((mode == Mode.Native ? 0 : 5) + k) * 3 + rank) % RankNoise.Length]);

    private static readonly double[] RankNoise =
        [-0.05, 0.02, 0.04, -0.03, 0, 0.06, -0.04, 0.01, -0.02, 0.03, 0.05, -0.01, -0.06, 0.02, 0, 0.04, -0.03, 0.01, -0.05, 0.03, 0, -0.02, 0.05, -0.04, 0.02,
            0.06, -0.01, -0.03, 0.01, 0.04];

    [Fact]
    public void A_rank_12_percent_above_its_peers_within_a_scenario_that_spreads_so_is_no_imbalance()
    {
        var results = new CheckRunBuilder { ComputeMs = (mode, k, rank, _) => (mode, k, rank) == (Mode.Container, 2, 0) ? 56
            : Noisy(mode, k, rank) }.Checks(_results.Path);

        var peers = (Noisy(Mode.Container, 2, 1) + Noisy(Mode.Container, 2, 2)) / 2;
        Assert.InRange(56 / peers - 1, 0.10, 0.125); // above the threshold, within the scenario's spread
        CheckAssert.Quiet(results, "rank imbalance");
    }

    [Fact]
    public void The_malloc_defect_stands_out_of_a_scenario_that_spreads_all_the_same()
    {
        var results = new CheckRunBuilder { ComputeMs = (mode, k, rank, _) => (mode, k, rank) == (Mode.Container, 2, 0) ? 62.5
            : Noisy(mode, k, rank) }.Checks(_results.Path);

        var finding = Assert.Single(CheckAssert.Fired(results, "rank imbalance"));
        Assert.Equal((Mode.Container, 2, 0), (finding.Where.Mode!.Value, finding.Where.Repetition!.Value, finding.Where.Rank!.Value));
        Assert.Contains("this scenario's ranks spread to +", finding.Seen);
    }

    [Fact]
    public void Compute_in_two_groups_across_repetitions_is_bimodal_and_names_the_slow_group()
    {
        var results = new CheckRunBuilder
        {
            ComputeMs = (mode, k, rank, _) => mode == Mode.Native && (k, rank) is (0, 1) or (2, 0) or (3, 2) ? 58 : 45 + k * 0.5,
            StepFactor = (_, _, _) => 1,
        };

        var bimodal = CheckAssert.Fired(results.Checks(_results.Path), "bimodal compute");

        var finding = Assert.Single(bimodal);
        Assert.Contains("struck some ranks in some repetitions", finding.Meaning);
        Assert.Equal(Mode.Native, finding.Where.Mode);
        Assert.Contains("(n = 12)", finding.Seen);
        Assert.Contains("upper group 58.0-58.0 ms (n = 3)", finding.Seen);
        Assert.Contains("rep-0 rank 1 on node-2, rep-2 rank 0 on node-1, rep-3 rank 2 on node-3", finding.Seen);
    }

    [Fact]
    public void Every_rank_of_two_repetitions_computing_slower_is_read_as_the_machine_not_some_ranks()
    {
        var results = new CheckRunBuilder { ComputeMs = (mode, k, _, _) => mode == Mode.Native && k is 1 or 3 ? 60 : 50, StepFactor = (_, _, _) =>
            1 }.Checks(_results.Path);

        var finding = Assert.Single(CheckAssert.Fired(results, "bimodal compute"));
        Assert.Contains("every rank of the slow repetitions was slow", finding.Meaning);
    }

    [Fact]
    public void One_slow_value_is_not_a_second_group()
    {
        var results = new CheckRunBuilder { ComputeMs = (mode, k, rank, _) => (mode, k, rank) == (Mode.Native, 2, 0) ? 58 : 50 }.Checks(_results.Path);

        CheckAssert.Quiet(results, "bimodal compute");
    }

    [Fact]
    public void The_largest_gap_is_measured_against_the_lower_groups_median()
    {
        var (split, gap) = BimodalComputeCheck.LargestGap([40, 41, 42, 43, 50, 51]);

        Assert.Equal(4, split);
        Assert.Equal(7 / 41.5, gap, precision: 9);
    }

    [Fact]
    public void Containers_computing_8_percent_slower_in_every_round_is_a_warning_naming_each_round()
    {
        var results = new CheckRunBuilder { ComputeMs = (mode, _, _, _) => mode == Mode.Container ? 54 : 50 }.Checks(_results.Path);

        var finding = Assert.Single(CheckAssert.Fired(results, "compute differs between modes"));

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(Mode.Container, finding.Where.Mode);
        Assert.StartsWith("median +8.0 % over 5 round(s); 5 of them more than 5 % apart: rep-0 +8.0 % (54.0 against native rep-0's 50.0 ms)", finding.Seen);
        Assert.Contains("rep-4 +8.0 %", finding.Seen);
    }

    [Fact]
    public void Rounds_apart_in_both_directions_are_round_to_round_noise_a_note_not_a_warning()
    {
        // As in a quiet default run here: single rounds 5-12 % apart, either way, the median near 0.
        var results = new CheckRunBuilder { ComputeMs = (mode, k, _, _) => mode == Mode.Native ? 50
            : k switch { 1 => 54, 3 => 46.5, _ => 50.5 } }.Checks(_results.Path);

        var finding = Assert.Single(CheckAssert.Fired(results, "compute differs between modes"));

        Assert.Equal(Severity.Note, finding.Severity);
        Assert.StartsWith("median +1.0 % over 5 round(s); 2 of them more than 5 % apart: rep-1 +8.0 %", finding.Seen);
        Assert.Contains("rep-3 -7.0 %", finding.Seen);
        Assert.Contains("the paired interval already carries", finding.Meaning);
    }

    [Fact]
    public void Compute_3_percent_apart_between_modes_is_within_the_threshold()
    {
        var results = new CheckRunBuilder { ComputeMs = (mode, _, _, _) => mode == Mode.Container ? 51.5 : 50 }.Checks(_results.Path);

        CheckAssert.Quiet(results, "compute differs between modes");
    }
}
