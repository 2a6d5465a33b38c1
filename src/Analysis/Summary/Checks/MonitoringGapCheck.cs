using Testbed.Analysis.Results;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Checks;

/// <summary>
/// A worker's samples missing from metrics.csv for seconds at a time while it ran. The sampler
/// writes a row a second; a longer hole means the driver stalled, and its timers with it (exits,
/// starts and records are seen late too). It happened: SSH reads held the thread pool's threads
/// until it starved, holes of up to 25 s, and payload rates read from the stalled samples showed
/// 1 TB/s. driver.csv (the driver's pulse) says whether the pool or the whole process stalled.
/// </summary>
internal sealed class MonitoringGapCheck : ICheck
{
    /// <summary>Longer than this between two of a worker's samples is a hole (the sampler writes once a second).</summary>
    public const double GapSeconds = 3;

    /// <summary>A pool item waiting, or the pulse thread waking, this late is a stall of the driver.</summary>
    public const double StallMs = 1_000;

    public string Name => "monitoring gaps";

    public string Rule => $"a worker's rows in metrics.csv more than {GapSeconds:0} s apart while it ran (the sampler writes one a second); " +
                          $"driver.csv tells a starved thread pool (an item waiting over {StallMs:#,0} ms) " +
                              $"from a process that got no CPU (its pulse waking that late)";

    public IEnumerable<Finding> Run(CheckInput input)
    {
        if (!input.Measured.Any(r => r.Metrics.Count > 0))
        {
            yield return Finding.Skipped(this, Place.Run, "no measured repetition has metrics.csv");
            yield break;
        }
        foreach (var scenario in input.Scenarios)
        {
            foreach (var repetition in scenario.Measured.OrderBy(r => r.Mode.Order()).ThenBy(r => r.Index))
            {
                var holes = Holes(repetition).ToList();
                if (holes.Count == 0) continue;
                var worst = holes.MaxBy(h => h.Seconds);
                yield return new Finding(Name, Severity.Warning,
                    new Place(scenario.Name, repetition.Mode, repetition.Index, repetition.Round, worst.Workload, worst.Rank),
                    $"{holes.Count} hole(s) in its workers' samples, {Format.Number(holes.Sum(h => h.Seconds), "0.0")} s " +
                        $"summed over the workers, the longest {Format.Number(worst.Seconds, "0.0")} s " +
                    $"from {Format.Number(worst.From, "0")} s; {Cause(repetition)}",
                    "the driver stalled while the workers trained: its samples, and any rate taken across " +
                        "the hole, are missing or smeared, and exits or starts it timed then were seen late",
                    "look at driver.csv in the repetition's folder: a long pool wait means something blocks thread-pool " +
                        "threads (synchronous reads, sleeps); late wake-ups mean the driving machine had no CPU to give");
            }
        }
    }

    private static IEnumerable<(string Workload, int Rank, double From, double Seconds)> Holes(Repetition repetition)
    {
        foreach (var worker in repetition.Metrics.GroupBy(m => (m.Workload, m.Rank)))
        {
            var times = worker.Select(m => m.ElapsedSeconds).Order().ToList();
            for (var i = 1; i < times.Count; i++)
            {
                if (times[i] - times[i - 1] > GapSeconds)
                    yield return (worker.Key.Workload, worker.Key.Rank, times[i - 1], times[i] - times[i - 1]);
            }
        }
    }

    private static string Cause(Repetition repetition)
    {
        if (repetition.Driver.Count == 0) return "no driver.csv to tell why (folders from before it)";
        var pool = repetition.Driver.Max(d => d.PoolWaitMs ?? 0);
        var wake = repetition.Driver.Max(d => d.WakeLateMs);
        var verdict = pool > StallMs && wake <= StallMs ? "the thread pool starved"
            : wake > StallMs ? "the driver got no CPU"
            : "the driver's pulse saw no stall, so the samples were lost elsewhere (the nodes' samplers, their connections)";
        return $"driver.csv: longest pool wait {Format.Number(pool, "#,0")} ms, latest wake-up {Format.Number(wake, "#,0")} ms late: {verdict}";
    }
}
