namespace Testbed.Runs;

/// <summary>
/// One row of metrics.csv: one worker's resources at one instant. CPU is percent of one core
/// (100 = one core busy); network bytes are cumulative since the worker started. A value the
/// probe could not read (the first sample has no CPU rate yet) is null, an empty cell: missing,
/// never 0.
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
    long NetTxBytes);
