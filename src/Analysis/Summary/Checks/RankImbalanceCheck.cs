using MathNet.Numerics.Statistics;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Checks;

/// <summary>
/// A rank that computes clearly slower than its peers in a repetition. A ring steps at its slowest
/// rank's pace, so one slow rank slows the whole job while the interval stays calm: the malloc
/// defect (one or two random ranks faulting their heap in again every step) looked exactly so.
/// </summary>
internal sealed class RankImbalanceCheck : ICheck
{
    /// <summary>How far above its peers' median a rank's compute per step may be.</summary>
    public const double Threshold = 0.10;

    /// <summary>
    /// And beyond the scenario's own spread of ranks: its deviations' median + 3 × 1.4826 × MAD (the
    /// outlier rule). Six workers sharing two cores (thesis-dual) spread their ranks so wide that in a
    /// quiet default run (2026-12-05) three of 120 were 10.4-12.0 % above their peers, in a spread
    /// whose bound was +13.7 %; the malloc defect's ranks were 20-40 % above theirs.
    /// </summary>
    public const double Deviations = 3;

    /// <summary>Below this many ranks' deviations the spread is not estimated and the threshold alone decides.</summary>
    public const int MinimumForSpread = 9;

    public string Name => "rank imbalance";

    public string Rule =>
        $"in a repetition, a rank's median compute per step (epochs {StepCompute.FirstSteadyEpoch}..N) more than {Threshold * 100:0} % above the median of " +
        $"its peers', and beyond the scenario's spread of ranks (median + {Deviations:0} × " +
        $"1.4826 × MAD of every rank's deviation, from {MinimumForSpread} ranks)";

    public IEnumerable<Finding> Run(CheckInput input)
    {
        foreach (var scenario in input.Scenarios)
        {
            var ranks = (from repetition in scenario.Measured.OrderBy(r => r.Mode.Order()).ThenBy(r => r.Index)
                         from workload in repetition.Workloads.OrderBy(w => w.Key, StringComparer.Ordinal)
                         let compute = workload.Value.Select(w => (Worker: w, Ms: StepCompute.OfWorker(w))).Where(x => x.Ms is not null).ToList()
                         where compute.Count >= 2
                         from each in compute
                         let peers = compute.Where(x => x.Worker != each.Worker).Select(x => x.Ms!.Value).Median()
                         select (Repetition: repetition, Workload: workload.Key, each.Worker, Ms: each.Ms!.Value, Peers: peers,
                             Deviation: each.Ms!.Value / peers - 1)).ToList();
            if (ranks.Count == 0)
            {
                yield return Finding.Skipped(this, new Place(scenario.Name), $"no measured repetition has 2 ranks with epochs past the first");
                continue;
            }
            var bound = Math.Max(Threshold, Spread(ranks.Select(r => r.Deviation).ToList()));
            foreach (var (repetition, workload, worker, ms, peers, deviation) in ranks.Where(r => r.Deviation > bound))
            {
                yield return new Finding(Name, Severity.Warning,
                    new Place(scenario.Name, repetition.Mode, repetition.Index, repetition.Round, workload, worker.Rank, worker.Node,
                        StepCompute.SteadyEpochs(worker)),
                    $"compute {Format.Ms(ms)} ms/step against its peers' {Format.Ms(peers)} ms " +
                        $"({Format.Percent(deviation * 100)}; this scenario's ranks spread to {Format.Percent(bound * 100)})",
                    "the ring waited for this rank every step, so the whole workload ran at its " +
                        "pace; the repetition's time measures this rank's trouble, not the mode",
                    "look at this worker's page faults and throttling (checks below, metrics.csv) and at what else " +
                        "ran on its node; a defect that strikes random ranks shows as a bimodal compute too");
            }
        }
    }

    /// <summary>The upper bound of the ranks' own spread; 0 when too few to tell (the threshold decides).</summary>
    private static double Spread(IReadOnlyList<double> deviations)
    {
        if (deviations.Count < MinimumForSpread) return 0;
        var median = deviations.Median();
        return median + Deviations * ScaledMad.Of(deviations, median);
    }
}
