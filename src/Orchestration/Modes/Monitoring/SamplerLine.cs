using System.Globalization;

namespace Testbed.Orchestration.Monitoring;

/// <summary>A place's own totals in one round of <see cref="SamplerProgram"/> (node clock: uptime seconds), its quota's throttling cumulative.</summary>
public sealed record PlaceReading(double At, double? CpuNanoseconds, long? MemoryBytes, long? RxBytes, long? TxBytes, double? SamplerCpuSeconds)
{
    public long? Periods { get; init; }
    public long? ThrottledPeriods { get; init; }
    public double? ThrottledSeconds { get; init; }
}

/// <summary>
/// One worker's cumulative counters in one round of <see cref="SamplerProgram"/>: CPU time, CFS
/// throttling and page faults of its cgroup, anonymous resident memory of its processes, and its
/// own network interface's bytes (null without a network namespace of its own).
/// </summary>
public sealed record WorkerCounters(int Pid, double At, double? CpuSeconds, long? RssBytes, long? Periods, long? ThrottledPeriods, double? ThrottledSeconds,
    long? PageFaults, long? RxBytes, long? TxBytes);

/// <summary>Reads the program's lines; "-" (or anything unreadable) is a missing value, never 0.</summary>
public static class SamplerLine
{
    public static PlaceReading? Place(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["node", var at, var cpu, var memory, var rx, var tx, var sampler, var periods, var throttled,
            var throttledNs] && Number(at) is { } seconds
            ? new PlaceReading(seconds, Number(cpu), Long(memory), Long(rx), Long(tx), Number(sampler))
            {
                Periods = Long(periods), ThrottledPeriods = Long(throttled), ThrottledSeconds = Number(throttledNs) / 1e9,
            }
            : null;

    /// <summary>A worker line, timed by the round's place line (<paramref name="at"/>).</summary>
    public static WorkerCounters? Worker(string line, double at)
    {
        var w = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (w.Length != 10 || w[0] != "pid" || !int.TryParse(w[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return null;
        return new WorkerCounters(pid, at, Number(w[2]) / 1e9, Long(w[3]) * 1024, Long(w[4]), Long(w[5]), Number(w[6]) / 1e9, Long(w[7]), Long(w[8]),
            Long(w[9]));
    }

    private static double? Number(string word) =>
        double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static long? Long(string word) => Number(word) is { } v ? (long)v : null;

    /// <summary>A followed file's new line: <c>rec &lt;id&gt; &lt;line&gt;</c>.</summary>
    public static (int Id, string Text)? Record(string line)
    {
        if (!line.StartsWith("rec ", StringComparison.Ordinal)) return null;
        var space = line.IndexOf(' ', 4);
        return space > 4 && int.TryParse(line.AsSpan(4, space - 4), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? (id, line[(space + 1)..])
            : null;
    }
}
