using Testbed.Analysis.Results;

namespace Testbed.Analysis.Stats;

/// <summary>
/// The neighbouring native and container repetitions of one interleaving round: the runner ran
/// them one right after the other, so machine drift hits both alike and their ratio cancels it.
/// </summary>
public static class Pairs
{
    /// <summary>
    /// Measured repetitions paired by their recorded round; in folders without rounds, the k-th
    /// measured native with the k-th measured container (the same pairs while nothing failed). A
    /// repetition whose partner failed stays unpaired and is left out.
    /// </summary>
    public static IReadOnlyList<(Repetition Native, Repetition Container)> Of(IReadOnlyList<Repetition> measured) => Of(measured, Mode.Native, Mode.Container);

    /// <summary>The same for any two modes: <paramref name="baseline"/>'s repetition first.</summary>
    public static IReadOnlyList<(Repetition Native, Repetition Container)> Of(IReadOnlyList<Repetition> measured, Mode baseline, Mode other)
    {
        var native = measured.Where(r => r.Mode == baseline).OrderBy(r => r.Index).ToList();
        var container = measured.Where(r => r.Mode == other).OrderBy(r => r.Index).ToList();
        if (measured.All(r => r.Round is not null))
        {
            var byRound = container.ToDictionary(r => r.Round!.Value);
            return native.Where(n => byRound.ContainsKey(n.Round!.Value)).Select(n => (n, byRound[n.Round!.Value])).ToList();
        }
        return native.Zip(container).ToList();
    }

    /// <summary>
    /// The pairs' values with their round, in round order: the recorded round, or in folders without
    /// rounds the pair's position (the k-th pair ran in the k-th round while nothing failed).
    /// </summary>
    public static IReadOnlyList<RoundPair> InRounds(IReadOnlyList<(Repetition Native, Repetition Container)> pairs, Func<Repetition, double?> value) =>
        pairs.Select((p, k) => (Round: p.Native.Round ?? k, N: value(p.Native), C: value(p.Container)))
            .Where(p => p.N is > 0 && p.C is > 0)
            .Select(p => new RoundPair(p.Round, p.N!.Value, p.C!.Value))
            .OrderBy(p => p.Round).ToList();

    /// <summary>The pairs' values of a per-repetition statistic; a pair where either side has none is left out.</summary>
    public static IReadOnlyList<(double Native, double Container)> Values(IReadOnlyList<(Repetition Native, Repetition Container)> pairs, Func<Repetition,
        double?> value) =>
        pairs.Select(p => (N: value(p.Native), C: value(p.Container)))
            .Where(p => p.N is > 0 && p.C is > 0)
            .Select(p => (p.N!.Value, p.C!.Value)).ToList();
}

/// <summary>One round's pair of values: the baseline mode's (native) and the other's (container).</summary>
public readonly record struct RoundPair(int Round, double Native, double Container);
