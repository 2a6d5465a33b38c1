using Testbed.Analysis.Results;
using Testbed.Analysis.Summary;
using Testbed.Records;

namespace Testbed.Analysis.Tests.Summary;

[Trait("Tier", "Unit")]
public class AttributionTests
{
    /// <summary>A succeeded measured repetition of one 2-worker workload that trained for <paramref name="seconds"/>.</summary>
    private static Repetition Rep(Mode mode, int round, double seconds)
    {
        var at = DateTimeOffset.UnixEpoch;
        var workers = Enumerable.Range(0, 2).Select(rank => new WorkerLog(rank, "n", [],
            new FinalRecord(1, seconds, 1, null, null, "sha256:x", rank, 2, "h", 1, at))).ToList();
        return new Repetition("s", mode, round + 1, false, RepetitionState.Succeeded, "", null,
            new Dictionary<string, IReadOnlyList<WorkerLog>> { ["w1"] = workers }, []) { Round = round };
    }

    private static IReadOnlyList<Repetition> Rounds(int count, Func<int, double> drift, double host, double bridge, double container) =>
        Enumerable.Range(0, count).SelectMany(r => new[]
        {
            Rep(Mode.Native, r, 100 * drift(r)), Rep(Mode.ContainerHost, r, 100 * host * drift(r)),
            Rep(Mode.ContainerBridge, r, 100 * bridge * drift(r)), Rep(Mode.Container, r, 100 * container * drift(r)),
        }).ToList();

    [Fact]
    public void Layers_are_the_ratios_between_neighbouring_modes_and_multiply_to_the_total()
    {
        // Isolation +5 %, a container's own network +2 %, the overlay +10 %: 1.05 x 1.02 x 1.10 = +17.81 %. The machine drifts by 40 %.
        var measured = Rounds(6, r => 1 + 0.08 * r, host: 1.05, bridge: 1.05 * 1.02, container: 1.05 * 1.02 * 1.10);

        var a = Attribution.Of(measured, ModeNames.All)!;

        Assert.Equal(["isolation", "network namespace and bridge", "overlay and Swarm DNS"], a.Parts.Select(p => p.Name));
        Assert.Equal([1.05, 1.02, 1.10], a.Parts.Select(p => Math.Round(p.Estimate!.Ratio, 9)));
        Assert.Equal(1.1781, a.Total!.Ratio, 9);
        Assert.Equal(a.Total.Ratio, a.Parts.Aggregate(1.0, (product, p) => product * p.Estimate!.Ratio), 12);
        Assert.Equal(6, a.Rounds);
        // The drift cancels within rounds: every interval is the exact ratio.
        Assert.All(a.Parts, p => Assert.Equal(p.Estimate!.Ratio, p.Estimate.RatioInterval!.Value.Low, 9));
    }

    [Fact]
    public void Without_container_bridge_the_network_path_is_one_layer_and_a_round_missing_a_mode_is_left_out()
    {
        var measured = Rounds(4, _ => 1, host: 1.03, bridge: 1.04, container: 1.12)
            .Where(r => r.Mode != Mode.ContainerBridge)
            .Where(r => !(r.Round == 3 && r.Mode == Mode.ContainerHost)).ToList();

        var a = Attribution.Of(measured, [Mode.Native, Mode.ContainerHost, Mode.Container])!;

        Assert.Equal(["isolation", "network path"], a.Parts.Select(p => p.Name));
        Assert.Equal(3, a.Rounds);
        Assert.Equal(1.12 / 1.03, a.Parts[1].Estimate!.Ratio, 9);
    }

    [Fact]
    public void No_attribution_without_the_intermediate_modes()
    {
        Assert.Null(Attribution.Of(Rounds(3, _ => 1, 1, 1, 1.1), [Mode.Native, Mode.Container]));
    }
}
