using MathNet.Numerics.Statistics;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Checks;

/// <summary>
/// CFS throttling per worker, from its cgroup's cpu.stat counters (the same quantity in both modes).
/// A worker whose quota ran out in most periods waited for CPU, and a ring waits for its slowest
/// member; that alone is the allotment working (a note). A mode throttled clearly more than native
/// under the same quota is a warning: the modes did not get the same CPU.
/// </summary>
internal sealed class ThrottlingCheck : ICheck
{
    /// <summary>Share of a worker's CFS periods in which its quota ran out, above which it is listed.</summary>
    public const double PeriodShare = 0.50;

    /// <summary>Throttled time over wall time (the kernel sums it over CPUs), above which it is listed.</summary>
    public const double TimeShare = 0.25;

    /// <summary>How much more of its wall time a mode's median worker may be throttled than native's (points).</summary>
    public const double ModeDifference = 0.05;

    /// <summary>Workers a note names; the rest are counted.</summary>
    private const int Listed = 5;

    public string Name => "CPU throttling";

    public string Rule =>
        $"a worker throttled in more than {PeriodShare * 100:0} % of its CFS periods or for more than {TimeShare * 100:0} % of its wall time (note); " +
                          $"a mode's median worker throttled for more than {ModeDifference * 100:0} points of wall time more than native's (warning)";

    public IEnumerable<Finding> Run(CheckInput input)
    {
        if (!WorkerCounters.AnyRead(input.Measured, m => m.CpuPeriods))
        {
            yield return Finding.Skipped(this, Place.Run,
                "metrics.csv has no throttling counters (cpu_periods, cpu_throttled_periods, " +
                "cpu_throttled_seconds: folders from before them, or probes that do not read them)");
            yield break;
        }
        foreach (var scenario in input.Scenarios)
        {
            var timeShares = new Dictionary<Mode, double>();
            foreach (var mode in scenario.Modes)
            {
                var workers = Shares(scenario, mode).ToList();
                if (workers.Count == 0)
                {
                    yield return Finding.Skipped(this, new Place(scenario.Name, mode),
                        "no worker of this mode has throttling counters read twice with CFS periods in between");
                    continue;
                }
                timeShares[mode] = workers.Select(w => w.Time).Median();
                var throttled = workers.Where(w => w.Periods > PeriodShare || w.Time > TimeShare).OrderByDescending(w => w.Time).ToList();
                if (throttled.Count == 0) continue;
                var named = string.Join("; ",
                    throttled.Take(Listed).Select(w =>
                    $"{w.Where}: {Format.Number(w.Periods * 100, "0")} % of periods, {Format.Number(w.Time * 100, "0")} % of wall time"));
                yield return new Finding(Name, Severity.Note, new Place(scenario.Name, mode),
                    $"{throttled.Count} of {workers.Count} workers throttled: " +
                        $"{named}{(throttled.Count > Listed ? $"; and {throttled.Count - Listed} more" : "")}",
                    "these workers wanted more CPU than their quota and waited for the next period; the ring waited with " +
                        "them. It is the allotment working, the same in every mode, unless the modes differ (next finding)",
                    "nothing, if both modes show it alike; to measure without it, give each worker a quota of whole cores (cpusPerWorker >= its threads)");
            }
            if (!timeShares.TryGetValue(Mode.Native, out var native)) continue;
            foreach (var (mode, share) in timeShares.Where(p => p.Key != Mode.Native))
            {
                if (share - native <= ModeDifference) continue;
                yield return new Finding(Name, Severity.Warning, new Place(scenario.Name, mode),
                    $"median worker throttled for {Format.Number(share * 100, "0")} % of its wall time against native's {Format.Number(native * 100, "0")} %",
                    "under the same quota this mode's workers waited longer for CPU: part of its overhead is how the " +
                        "quota was enforced (or what else the cgroup ran), not the container's network or start-up",
                    "compare the modes' CFS period and quota (cpu.max) and what runs inside the cgroup; check the nodes' non-worker CPU (engine cost)");
            }
        }
    }

    /// <summary>Each worker's throttled share of periods and of wall time over its samples.</summary>
    private static IEnumerable<(string Where, double Periods, double Time)> Shares(ScenarioInput scenario, Mode mode)
    {
        foreach (var repetition in scenario.Of(mode))
        {
            foreach (var (workload, worker, samples) in WorkerCounters.Workers(repetition))
            {
                var read = samples.Where(s => s.CpuPeriods is not null && s.CpuThrottledPeriods is not null && s.CpuThrottledSeconds is not null);
                if (WorkerCounters.Span(read, s => s.CpuPeriods) is not { } span) continue;
                var (first, last) = span;
                var periods = last.CpuPeriods!.Value - first.CpuPeriods!.Value;
                if (periods <= 0) continue;
                yield return ($"rep-{repetition.Index} {workload} rank {worker.Rank} on {worker.Node}",
                    (double)(last.CpuThrottledPeriods!.Value - first.CpuThrottledPeriods!.Value) / periods,
                    (last.CpuThrottledSeconds!.Value - first.CpuThrottledSeconds!.Value) / (last.ElapsedSeconds - first.ElapsedSeconds));
            }
        }
    }
}
