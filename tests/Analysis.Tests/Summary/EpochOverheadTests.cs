using Testbed.Analysis.Results;
using Testbed.Analysis.Stats;
using Testbed.Analysis.Summary;
using Testbed.Analysis.Tables;
using Testbed.Records;

namespace Testbed.Analysis.Tests.Summary;

[Trait("Tier", "Unit")]
public class EpochOverheadTests
{
    private const int Epochs = 6;

    /// <summary>A measured repetition of one 3-worker workload whose epoch e stepped at stepMs(e) ms (ranks ±1 % around it).</summary>
    private static Repetition Rep(Mode mode, int round, Func<int, double> stepMs)
    {
        var at = DateTimeOffset.UnixEpoch;
        var workers = Enumerable.Range(0, 3).Select(rank => new WorkerLog(rank, "n",
            Enumerable.Range(1, Epochs).Select(e =>
            {
                var ms = stepMs(e) * (1 + 0.01 * (rank - 1));
                return new EpochRecord(e, Epochs, 70, ms * 70 / 1000, ms, ms * 0.6, ms * 0.35, ms * 0.05, 1000, 1000, 1, 0.5, rank, 3, "h", 1,
                    at.AddSeconds(e));
            }).ToList(),
            new FinalRecord(Epochs, 100, 1, null, null, "sha256:x", rank, 3, "h", 1, at))).ToList();
        return new Repetition("s", mode, round * 2 + (mode == Mode.Native ? 0 : 1), false, RepetitionState.Succeeded, "", null,
            new Dictionary<string, IReadOnlyList<WorkerLog>> { ["w1"] = workers }, []) { Round = round };
    }

    [Fact]
    public void Containers_slow_in_their_first_two_epochs_show_it_there_and_their_steady_cost_after()
    {
        // The machine drifts by round (that cancels within a pair), and each round has its own noise.
        var noise = new[] { 0.99, 1.01, 1.0, 0.995, 1.005 };
        var measured = Enumerable.Range(0, 5).SelectMany(r => new[]
        {
            Rep(Mode.Native, r, e => 50 * (1 + 0.05 * r)),
            Rep(Mode.Container, r, e => 50 * (1 + 0.05 * r) * (e <= 2 ? 1.20 : 1.05) * noise[r]),
        }).ToList();

        var w = WorkloadSummarizer.Summarize("w1", measured);

        Assert.Equal(Enumerable.Range(1, Epochs), w.EpochOverheads.Select(e => e.Epoch));
        Assert.All(w.EpochOverheads, e => Assert.Equal(5, e.Overhead.N));
        Assert.All(w.EpochOverheads.Take(2), e => Assert.InRange(e.Overhead.Percent, 19.0, 21.0));
        Assert.All(w.EpochOverheads.Skip(2), e => Assert.InRange(e.Overhead.Percent, 4.0, 6.0));
        Assert.All(w.EpochOverheads, e => Assert.True(e.Overhead.PercentInterval is { } i && i.Low < e.Overhead.Percent && e.Overhead.Percent < i.High));

        var table = ScenarioTables.EpochOverhead("s", [w]);
        var rows = table.Rows().ToList();
        Assert.Equal(["w1", "1", "5"], rows[0].Take(3));
        Assert.StartsWith("+", rows[0][3]);
    }

    [Fact]
    public void A_single_pair_gives_each_epoch_an_estimate_without_an_interval_and_no_pair_gives_none()
    {
        var one = new[] { Rep(Mode.Native, 0, _ => 50), Rep(Mode.Container, 0, e => e == 1 ? 60 : 52) };
        var w = WorkloadSummarizer.Summarize("w1", one);

        Assert.Equal(20.0, w.EpochOverheads[0].Overhead.Percent, 6);
        Assert.All(w.EpochOverheads, e => Assert.Null(e.Overhead.PercentInterval));
        var row = ScenarioTables.EpochOverhead("s", [w]).Rows().First();
        Assert.Equal([Format.None, Format.None], row.Skip(4));

        Assert.Empty(WorkloadSummarizer.Summarize("w1", [Rep(Mode.Native, 0, _ => 50), Rep(Mode.Native, 1, _ => 50)]).EpochOverheads);
    }
}
