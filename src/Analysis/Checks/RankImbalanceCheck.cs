using MathNet.Numerics.Statistics;
using Testbed.Analysis.Tables;

namespace Testbed.Analysis.Checks;

/// <summary>
/// A rank that computes clearly slower than its peers in a repetition. A ring steps at its slowest
/// rank's pace, so one slow rank slows the whole job while the interval stays calm: the malloc
/// defect (one or two random ranks faulting their heap in again every step) looked exactly so.
/// </summary>
internal sealed class RankImbalanceCheck : ICheck
{
    /// <summary>
    /// How far above its peers' median a rank's compute per step may be: above this machine's noise
    /// (in a quiet 46-repetition default run, 2026-12-05, the largest of 186 ranks' deviations was
    /// +12.0 %, and 10 % fired three times), below the malloc defect's 20-40 %.
    /// </summary>
    public const double Threshold = 0.15;

    public string Name => "rank imbalance";

    public string Rule => $"in a repetition, a rank's median compute per step (epochs {StepCompute.FirstSteadyEpoch}..N) more than {Threshold * 100:0} % above the median of its peers'";

    public IEnumerable<Finding> Run(CheckInput input)
    {
        foreach (var scenario in input.Scenarios)
        {
            var looked = false;
            foreach (var repetition in scenario.Measured.OrderBy(r => r.Mode.Order()).ThenBy(r => r.Index))
            {
                foreach (var (workload, workers) in repetition.Workloads.OrderBy(w => w.Key, StringComparer.Ordinal))
                {
                    var compute = workers.Select(w => (Worker: w, Ms: StepCompute.OfWorker(w))).Where(x => x.Ms is not null).ToList();
                    if (compute.Count < 2) continue;
                    looked = true;
                    foreach (var (worker, ms) in compute)
                    {
                        var peers = compute.Where(x => x.Worker != worker).Select(x => x.Ms!.Value).Median();
                        if (ms!.Value <= peers * (1 + Threshold)) continue;
                        yield return new Finding(Name, Severity.Warning,
                            new Place(scenario.Name, repetition.Mode, repetition.Index, repetition.Round, workload, worker.Rank, worker.Node, StepCompute.SteadyEpochs(worker)),
                            $"compute {Format.Ms(ms)} ms/step against its peers' {Format.Ms(peers)} ms ({Format.Percent((ms.Value / peers - 1) * 100)})",
                            "the ring waited for this rank every step, so the whole workload ran at its pace; the repetition's time measures this rank's trouble, not the mode",
                            "look at this worker's page faults and throttling (checks below, metrics.csv) and at what else ran on its node; a defect that strikes random ranks shows as a bimodal compute too");
                    }
                }
            }
            if (!looked)
                yield return Finding.Skipped(this, new Place(scenario.Name), $"no measured repetition has 2 ranks with epochs past the first");
        }
    }
}
