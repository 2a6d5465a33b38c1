namespace Testbed.Runs;

/// <summary>
/// One row of metrics.csv: one worker's resources at one instant, the same quantities in both
/// modes. CPU is percent of one core (100 = one core busy) from cgroup CPU accounting; memory is
/// anonymous resident memory (page cache excluded); network bytes are the all-reduce payload from
/// the trainer's own counters, cumulative. Wire bytes are the worker's own interface's counters
/// (containers only: a native process has none). A value that could not be read (the first sample
/// has no CPU rate yet) is null, an empty cell: missing, never 0.
/// The throttling counters are the worker's cgroup cpu.stat (nr_periods, nr_throttled,
/// throttled_time), cumulative; page faults are the minor and major faults of the worker's
/// processes, cumulative. They exist so the report's checks can see a worker starved by its quota
/// or faulting its heap in again every step; null where the probe does not read them (and in
/// folders written before them).
/// </summary>
public sealed record MetricSample(
    DateTimeOffset TimestampUtc,
    double ElapsedSeconds,
    string Workload,
    int Rank,
    string Node,
    double? CpuPercent,
    long? MemoryBytes,
    long NetRxBytes,
    long NetTxBytes)
{
    public long? WireRxBytes { get; init; }
    public long? WireTxBytes { get; init; }

    /// <summary>CFS enforcement periods elapsed (cpu.stat nr_periods), cumulative.</summary>
    public long? CpuPeriods { get; init; }

    /// <summary>Periods in which the quota ran out (cpu.stat nr_throttled), cumulative.</summary>
    public long? CpuThrottledPeriods { get; init; }

    /// <summary>Time spent throttled (cpu.stat throttled_time, ns, or throttled_usec, converted to seconds), cumulative.</summary>
    public double? CpuThrottledSeconds { get; init; }

    /// <summary>Minor plus major page faults of the worker's processes, cumulative.</summary>
    public long? PageFaults { get; init; }
}
