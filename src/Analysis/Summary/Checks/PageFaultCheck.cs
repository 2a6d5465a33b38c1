using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Checks;

/// <summary>
/// A worker faulting pages in at a high rate after its first epoch. A healthy trainer has its heap
/// by then and faults almost never; the malloc defect gave its heap back and faulted ~20 MB in again
/// every step (40,000-56,000 faults a second) and computed 20-40 % slower.
/// </summary>
internal sealed class PageFaultCheck : ICheck
{
    /// <summary>Faults a second in the steady phase above which a worker is flagged.</summary>
    public const double FaultsPerSecond = 2_000;

    /// <summary>A steady phase shorter than this gives no rate worth judging.</summary>
    public const double MinimumSeconds = 2;

    public string Name => "page faults";

    public string Rule => $"a worker's page faults (minor + major) above {FaultsPerSecond:#,0} a second from the end of its first epoch to the end of its last";

    public IEnumerable<Finding> Run(CheckInput input)
    {
        if (!WorkerCounters.AnyRead(input.Measured, m => m.PageFaults))
        {
            yield return Finding.Skipped(this, Place.Run,
                "metrics.csv has no page-fault counts (page_faults: folders from before it, or probes that do not read it)");
            yield break;
        }
        foreach (var scenario in input.Scenarios)
        {
            var looked = false;
            foreach (var repetition in scenario.Measured.OrderBy(r => r.Mode.Order()).ThenBy(r => r.Index))
            {
                foreach (var (workload, worker, samples) in WorkerCounters.Workers(repetition))
                {
                    if (worker.Epochs.Count < 2) continue;
                    // The steady phase by the worker's own records: its first epoch's end to its last's.
                    var (from, to) = (worker.Epochs[0].TimestampUtc, worker.Epochs[^1].TimestampUtc);
                    if (WorkerCounters.Span(samples.Where(s => s.TimestampUtc >= from && s.TimestampUtc <= to), s => s.PageFaults) is not { } span) continue;
                    var (first, last) = span;
                    var seconds = last.ElapsedSeconds - first.ElapsedSeconds;
                    if (seconds < MinimumSeconds) continue;
                    looked = true;
                    var rate = (last.PageFaults!.Value - first.PageFaults!.Value) / seconds;
                    if (rate <= FaultsPerSecond) continue;
                    yield return new Finding(Name, Severity.Warning,
                        new Place(scenario.Name, repetition.Mode, repetition.Index, repetition.Round, workload, worker.Rank, worker.Node,
                            $"{worker.Epochs[1].Epoch}-{worker.Epochs[^1].Epoch}"),
                        $"{Format.Number(rate, "#,0")} page faults a second over {Format.Number(seconds, "0")} s",
                        "the worker kept faulting memory in after start-up: each fault is kernel time inside a step, so it " +
                            "computes slower and the ring waits for it (the malloc defect faulted its heap in again every step)",
                        "check this rank's compute against its peers' (rank imbalance); look for memory given back and taken " +
                            "again every step (allocator thresholds, a cache that is dropped), or memory pressure from the quota");
                }
            }
            if (!looked)
            {
                yield return Finding.Skipped(this, new Place(scenario.Name),
                    $"no worker has page-fault counts over a steady phase of {MinimumSeconds:0} s or more (epochs past the first)");
            }
        }
    }
}
