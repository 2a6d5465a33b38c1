using MathNet.Numerics.Statistics;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Checks;

/// <summary>
/// Per scenario, mode and workload, the (repetition, rank) compute values fall into two groups: a
/// defect that strikes some ranks some of the time (the malloc defect: 35-45 ms or 51-61 ms) and
/// not a mode's cost, which would move every value.
/// </summary>
internal sealed class BimodalComputeCheck : ICheck
{
    /// <summary>The gap between the groups, relative to the lower group's median, above which they are two groups.</summary>
    public const double Gap = 0.10;

    /// <summary>Values each group needs: one odd value is an outlier, not a second mode.</summary>
    public const int MinimumGroup = 2;

    public string Name => "bimodal compute";

    public string Rule =>
        $"per scenario, mode and workload, the sorted (repetition, rank) medians of compute per step split at their largest gap into two groups " +
                          $"of at least {MinimumGroup} values, the gap (upper group's lowest minus lower " +
                              $"group's highest) more than {Gap * 100:0} % of the lower group's median";

    public IEnumerable<Finding> Run(CheckInput input)
    {
        foreach (var scenario in input.Scenarios)
        {
            foreach (var mode in scenario.Modes)
            {
                var byWorkload = scenario.Of(mode)
                    .SelectMany(r =>
                        r.Workloads.SelectMany(w =>
                        w.Value.Select(worker => (Workload: w.Key, Repetition: r, Worker: worker, Ms: StepCompute.OfWorker(worker)))))
                    .Where(x => x.Ms is not null)
                    .GroupBy(x => x.Workload).OrderBy(g => g.Key, StringComparer.Ordinal);
                foreach (var workload in byWorkload)
                {
                    var values = workload.OrderBy(x => x.Ms).ToList();
                    if (values.Count < 2 * MinimumGroup)
                    {
                        yield return Finding.Skipped(this, new Place(scenario.Name, mode, Workload: workload.Key),
                            $"{values.Count} (repetition, rank) values; two groups need at least {2 * MinimumGroup}");
                        continue;
                    }
                    var (split, gap) = LargestGap(values.Select(v => v.Ms!.Value).ToList());
                    if (gap <= Gap) continue;
                    var lower = values.Take(split).ToList();
                    var upper = values.Skip(split).ToList();
                    // Every rank of the same repetitions in the upper group: the machine was slower then, not some ranks.
                    var wholeRepetitions = upper.Select(u => u.Repetition).Distinct().All(r => lower.All(l => l.Repetition != r));
                    yield return new Finding(Name, Severity.Warning, new Place(scenario.Name, mode, Workload: workload.Key),
                        $"lower group {Format.Ms(lower[0].Ms)}-{Format.Ms(lower[^1].Ms)} ms/step (n = {lower.Count}), " +
                            $"upper group {Format.Ms(upper[0].Ms)}-{Format.Ms(upper[^1].Ms)} ms (n = {upper.Count}), " +
                        $"gap {Format.Number(gap * 100)} %; upper: " +
                            $"{string.Join(", ", upper.Select(u => $"rep-{u.Repetition.Index} rank {u.Worker.Rank} on {u.Worker.Node}"))}",
                        wholeRepetitions
                            ? "the same work computed at two speeds, and every rank of the slow repetitions was slow: the machine changed between " +
                                "repetitions (other load, CPU frequency, a slower node share), and the mode's time depends on which repetitions it hit"
                            : "the same work computed at two speeds: something struck some ranks in some repetitions (an allocator, " +
                                "a noisy neighbour, a throttled node), and which repetitions it struck decides the mode's time",
                        wholeRepetitions
                            ? "see whether the other mode's repetitions of the same rounds were slow too (pairing cancels it only then); run on a quiet machine"
                            : "find what the upper group shares (node, rank, time in the run; page faults and throttling " +
                                "below); compare with the other mode: a defect strikes both, a mode's cost moves every value");
                }
            }
        }
    }

    /// <summary>Where the sorted values split (the upper group's first index) and the gap there relative to the lower group's median; both groups at least <see
    /// cref="MinimumGroup"/>.</summary>
    internal static (int Split, double Gap) LargestGap(IReadOnlyList<double> sorted)
    {
        var best = (Split: 0, Gap: 0.0);
        for (var split = MinimumGroup; split <= sorted.Count - MinimumGroup; split++)
        {
            var lowerMedian = sorted.Take(split).Median();
            var gap = lowerMedian > 0 ? (sorted[split] - sorted[split - 1]) / lowerMedian : 0;
            if (gap > best.Gap) best = (split, gap);
        }
        return best;
    }
}
