namespace Testbed.Analysis.Results;

/// <summary>
/// One row of metrics.csv: one worker's resources at one instant. CPU is percent of one core;
/// network bytes are cumulative since the worker started.
/// </summary>
public sealed record MetricSample(
    DateTimeOffset TimestampUtc,
    double ElapsedSeconds,
    string Workload,
    int Rank,
    string Node,
    double CpuPercent,
    long MemoryBytes,
    long NetRxBytes,
    long NetTxBytes);
