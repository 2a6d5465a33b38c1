using Testbed.Analysis.Checks;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Checks;

/// <summary>The observer's and the engines' cost, and rates above the measured network path.</summary>
[Trait("Tier", "Unit")]
public sealed class CostAndPathChecksTests : IDisposable
{
    private readonly TempDirectory _results = new();

    public void Dispose() => _results.Dispose();

    [Fact]
    public void A_sampler_using_3_percent_of_a_core_is_a_warning_and_half_a_percent_is_not()
    {
        var costly = new CheckRunBuilder { SamplerCpuPercent = 3 }.Checks(_results.Path);
        Assert.Contains("3.00 % of one core", Assert.Single(CheckAssert.Fired(costly, "observer cost")).Seen);

        using var other = new TempDirectory();
        CheckAssert.Quiet(new CheckRunBuilder { SamplerCpuPercent = 0.5 }.Checks(other.Path), "observer cost");
    }

    [Fact]
    public void A_node_s_sampler_using_3_percent_of_a_core_is_a_warning_naming_the_node_and_mode()
    {
        var costly = new CheckRunBuilder { NodeSamplerCpuPercent = (mode, node) => mode == Mode.Container && node == "node-2" ? 3 : 0.1 }.Checks(_results.Path);

        var finding = Assert.Single(CheckAssert.Fired(costly, "observer cost"));
        Assert.Equal((Mode.Container, "node-2"), (finding.Where.Mode, finding.Where.Node));
        Assert.Contains("3.00 % of one core", finding.Seen);
    }

    [Fact]
    public void Watched_steps_5_percent_slower_than_unwatched_are_a_note_and_1_percent_is_not()
    {
        static ObserverCostEntry Observer(double watched) => new("s", 2,
            [new ObserverModeCost(Mode.Native, [new ObserverPair(100, 100)], new Dictionary<string, double?>()),
             new ObserverModeCost(Mode.Container, [new ObserverPair(watched, 100)], new Dictionary<string, double?>())]);

        var slowed = new CheckRunBuilder { Observer = Observer(105) }.Checks(_results.Path);
        var finding = Assert.Single(CheckAssert.Fired(slowed, "observer cost"));
        Assert.Equal((Severity.Note, Mode.Container), (finding.Severity, finding.Where.Mode));
        Assert.Contains("+5.0 %", finding.Seen);

        using var other = new TempDirectory();
        CheckAssert.Quiet(new CheckRunBuilder { Observer = Observer(101) }.Checks(other.Path), "observer cost");
    }

    [Fact]
    public void A_node_spending_8_percent_of_a_core_besides_its_workers_in_containers_fires_twice()
    {
        var results = new CheckRunBuilder { NodeExtraCpuPercent = (mode, node) => mode == Mode.Container && node == "node-2" ? 8 : 1.5 }.Checks(_results.Path);

        var fired = CheckAssert.Fired(results, "engine cost");
        Assert.All(fired, f => Assert.Equal(new Place("s", Mode.Container, Node: "node-2"), f.Where));
        Assert.Contains(fired, f => f.Seen.StartsWith("8.0 % of one core besides the workers (median over 5 repetitions)", StringComparison.Ordinal));
        Assert.Contains(fired, f => f.Seen.Contains("against native's 1.5 % (+6.5 points)"));
    }

    [Fact]
    public void Non_worker_cpu_below_5_percent_and_within_2_points_between_modes_finds_nothing()
    {
        var results = new CheckRunBuilder { NodeExtraCpuPercent = (mode, _) => mode == Mode.Container ? 4.5 : 3 }.Checks(_results.Path);

        CheckAssert.Quiet(results, "engine cost");
    }

    [Fact]
    public void A_worker_and_node_rate_above_a_slow_measured_path_fires()
    {
        // 0.1 Gbit/s carries 12.5 MB/s; each worker's payload runs at ~20-30 MB/s, each node's LAN at 40.
        var results = new CheckRunBuilder { WireGbitsPerSecond = 0.1 }.Checks(_results.Path);

        var fired = CheckAssert.Fired(results, "rate above the network path");
        Assert.Contains(fired, f => f.Where.Rank is not null && f.Seen.StartsWith("payload receive", StringComparison.Ordinal)
            && f.Seen.Contains("against the host path's 13 MB/s"));
        Assert.Contains(fired, f => f.Where.Rank is null && f.Where.Node == "node-1" && f.Seen.StartsWith("LAN receive 40 MB/s", StringComparison.Ordinal));
    }

    [Fact]
    public void Epoch_jumps_samples_ms_apart_and_a_bad_read_do_not_make_a_rate_above_the_path()
    {
        // What made the resource table print 2,178 and 12,852 MB/s on a ~1,100 MB/s path: the payload
        // counters jump once an epoch, a late tick puts two samples 1 ms apart, a read comes back 0.
        // With a 1 Gbit/s path (125 MB/s) the honest rates (20-40 MB/s) stay below it; read per sample,
        // the jump seen 1 ms after the sample before it is 100,000 MB/s and the return from 0 is 200.
        var results = new CheckRunBuilder
        {
            WireGbitsPerSecond = 1,
            EditMetrics = (_, _, rows) => rows.SelectMany(r => r.ElapsedSeconds switch
            {
                8 => [r with { ElapsedSeconds = 7.999, TimestampUtc = r.TimestampUtc.AddMilliseconds(-1), NetRxBytes = r.NetRxBytes - 100_000_000,
                    NetTxBytes = r.NetTxBytes - 100_000_000 }, r],
                10 => [r with { NetRxBytes = 0, NetTxBytes = 0 }],
                _ => new[] { r },
            }).ToList(),
        }.Checks(_results.Path);

        CheckAssert.Quiet(results, "rate above the network path");
    }

    [Fact]
    public void Node_rates_are_taken_over_windows_of_5_seconds_so_stamp_jitter_cannot_make_a_burst()
    {
        // Two stamps 16 ms apart around 150 MB of traffic: per sample 9,375 MB/s; over the window, 42.
        var rates = NetworkPathCheck.WindowRates([(0, 0), (2.0, 60_000_000), (2.016, 210_000_000), (5.0, 150_000_000 + 60_000_000)]).ToList();

        Assert.Equal(42, Assert.Single(rates).Rate, precision: 6);
    }
}
