namespace Testbed.Orchestration.Monitoring;

/// <summary>
/// One sample of one worker's resource use, the same quantities in both modes: CPU from cgroup
/// accounting, anonymous resident memory, and the all-reduce payload (the trainer's counters);
/// bytes are cumulative. Wire bytes are an interface's counters, where the worker has an interface
/// of its own (containers). A value that could not be read is null. The throttling counters
/// (cgroup cpu.stat) and page faults (minor + major, the worker's processes) are cumulative and
/// optional: a probe that does not read them leaves them null (metrics.csv's contract, src/Runs).
/// </summary>
public sealed record ResourceSample(double? CpuPercent, long? MemoryBytes, long NetRxBytes, long NetTxBytes, long? WireRxBytes = null, long? WireTxBytes = null)
{
    public long? CpuPeriods { get; init; }
    public long? CpuThrottledPeriods { get; init; }
    public double? CpuThrottledSeconds { get; init; }
    public long? PageFaults { get; init; }
}

/// <summary>Reads a worker's resource use; null while the worker is not (or no longer) running.</summary>
public interface IWorkerProbe
{
    int Rank { get; }
    string Node { get; }
    Task<ResourceSample?> SampleAsync(CancellationToken cancellation);
}
