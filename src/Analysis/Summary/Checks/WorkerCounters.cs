using Testbed.Analysis.Results;

namespace Testbed.Analysis.Checks;

/// <summary>
/// A worker's cumulative counters from metrics.csv (throttling, page faults) between two of its
/// samples: how much each grew over how many seconds.
/// </summary>
internal static class WorkerCounters
{
    /// <summary>A worker's samples in time order, with the epochs its records hold.</summary>
    public static IEnumerable<(string Workload, WorkerLog Worker, IReadOnlyList<MetricSample> Samples)> Workers(Repetition repetition) =>
        repetition.Workloads.OrderBy(w => w.Key, StringComparer.Ordinal).SelectMany(w => w.Value.Select(worker =>
            (w.Key, worker,
                (IReadOnlyList<MetricSample>)repetition.Metrics.Where(m => m.Workload == w.Key && m.Rank == worker.Rank).OrderBy(m =>
                m.ElapsedSeconds).ToList())));

    /// <summary>The first and last sample where the counter was read; null when fewer than two were.</summary>
    public static (MetricSample First, MetricSample Last)? Span(IEnumerable<MetricSample> samples, Func<MetricSample, object?> counter)
    {
        var read = samples.Where(s => counter(s) is not null).ToList();
        return read.Count < 2 || read[^1].ElapsedSeconds <= read[0].ElapsedSeconds ? null : (read[0], read[^1]);
    }

    /// <summary>Whether any sample of the repetitions has the counter: folders from before it (or probes that do not read it) have none.</summary>
    public static bool AnyRead(IEnumerable<Repetition> repetitions, Func<MetricSample, object?> counter) =>
        repetitions.Any(r => r.Metrics.Any(m => counter(m) is not null));
}
