using Testbed.Analysis.Results;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Tests.Stats;

[Trait("Tier", "Unit")]
public class PairsTests
{
    private static Repetition Rep(Mode mode, int index, int? round) =>
        new("s", mode, index, false, RepetitionState.Succeeded, "", null, new Dictionary<string, IReadOnlyList<WorkerLog>>(), []) { Round = round };

    [Fact]
    public void Repetitions_pair_by_their_recorded_interleaving_round_and_one_without_a_partner_is_left_out()
    {
        // Ran as native1 container1 | container2 native2 | native3 (container3 failed).
        var measured = new[] { Rep(Mode.Native, 1, 0), Rep(Mode.Container, 1, 0), Rep(Mode.Container, 2, 1), Rep(Mode.Native, 2, 1), Rep(Mode.Native, 3, 2) };

        var pairs = Pairs.Of(measured);

        Assert.Equal([(1, 1), (2, 2)], pairs.Select(p => (p.Native.Index, p.Container.Index)));
    }

    [Fact]
    public void Without_recorded_rounds_the_kth_measured_of_each_mode_pair()
    {
        var measured = new[] { Rep(Mode.Native, 1, null), Rep(Mode.Container, 1, null), Rep(Mode.Native, 2, null), Rep(Mode.Container, 3, null) };

        Assert.Equal([(1, 1), (2, 3)], Pairs.Of(measured).Select(p => (p.Native.Index, p.Container.Index)));
    }
}
