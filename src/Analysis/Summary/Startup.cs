using MathNet.Numerics.Statistics;
using Testbed.Analysis.Results;

namespace Testbed.Analysis.Summary;

/// <summary>
/// One repetition from launch to exit, in seconds: until every worker's process ran, until the
/// ring formed, until the first step was done, the training itself (first step to last), and
/// until the runner saw every worker exit. A scenario's is the mean over its workloads; a
/// workload's phases run to its last worker (a ring waits for its slowest member).
/// </summary>
public sealed record Timeline(double ToRunning, double ToRing, double ToFirstStep, double Training, double ToExit)
{
    /// <summary>Launch to first step done: what a container costs before any training.</summary>
    public double Startup => ToRunning + ToRing + ToFirstStep;

    public double EndToEnd => Startup + Training + ToExit;

    /// <summary>Null unless the status has launch and end times and every worker's record the start-up timeline (older runs lack them).</summary>
    public static Timeline? Of(Repetition repetition)
    {
        if (repetition.Status is null) return null;
        var perWorkload = new List<Timeline>();
        foreach (var workload in repetition.Status.Workloads)
        {
            if (workload.LaunchedUtc is not { } launched || workload.EndedUtc is not { } ended) return null;
            if (!repetition.Workloads.TryGetValue(workload.Name, out var workers) || workers.Count == 0) return null;
            var finals = workers.Select(w => w.Final).ToList();
            if (finals.Any(f => f?.ProcessStartUtc is null || f.RingFormedUtc is null || f.FirstStepUtc is null || f.LastStepUtc is null)) return null;
            var running = finals.Max(f => f!.ProcessStartUtc!.Value);
            var ring = finals.Max(f => f!.RingFormedUtc!.Value);
            var first = finals.Max(f => f!.FirstStepUtc!.Value);
            var last = finals.Max(f => f!.LastStepUtc!.Value);
            perWorkload.Add(new Timeline((running - launched).TotalSeconds, (ring - running).TotalSeconds, (first - ring).TotalSeconds,
                (last - first).TotalSeconds, (ended - last).TotalSeconds));
        }
        return perWorkload.Count == 0 ? null : new Timeline(
            perWorkload.Average(t => t.ToRunning), perWorkload.Average(t => t.ToRing), perWorkload.Average(t => t.ToFirstStep),
            perWorkload.Average(t => t.Training), perWorkload.Average(t => t.ToExit));
    }

    /// <summary>The median of every phase over the repetitions (each phase on its own), and how many there were.</summary>
    public static (Timeline Median, int N)? MedianOf(IEnumerable<Timeline?> timelines)
    {
        var all = timelines.OfType<Timeline>().ToList();
        return all.Count == 0 ? null : (new Timeline(all.Select(t => t.ToRunning).Median(), all.Select(t => t.ToRing).Median(),
            all.Select(t => t.ToFirstStep).Median(), all.Select(t => t.Training).Median(), all.Select(t => t.ToExit).Median()), all.Count);
    }
}
