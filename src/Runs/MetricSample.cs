namespace Testbed.Runs;

/// <summary>
/// One row of metrics.csv: one worker's resources at one instant, the same quantities in both
/// modes. CPU is percent of one core (100 = one core busy) from cgroup CPU accounting; memory is
/// anonymous resident memory (page cache excluded); network bytes are the all-reduce payload from
/// the trainer's own counters, cumulative. Wire bytes are the worker's own interface's counters
/// (containers only: a native process has none). A value that could not be read (the first sample
/// has no CPU rate yet) is null, an empty cell: missing, never 0.
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
}
