using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Execution;

/// <summary>A way of running a workload's workers (native processes, Swarm containers).</summary>
public interface IExecutionMode
{
    Mode Mode { get; }

    /// <summary>Starts every worker of the workload. Disposing the result removes all it created.</summary>
    Task<IWorkloadRun> StartAsync(WorkloadLaunch launch, CancellationToken cancellation);
}

/// <summary>A started workload: its workers to monitor, and a way to wait for their end.</summary>
public interface IWorkloadRun : IAsyncDisposable
{
    WorkloadLaunch Launch { get; }

    /// <summary>The resource samplers' view of the workers (containers or processes).</summary>
    IReadOnlyList<IWorkerProbe> Probes { get; }

    /// <summary>Waits until every worker ended (or the timeout, or a worker was lost), writes worker-&lt;rank&gt;.log, returns outcomes.</summary>
    Task<IReadOnlyList<WorkerOutcome>> WaitAsync(TimeSpan timeout, CancellationToken cancellation);

    /// <summary>
    /// Once disposed: what could not be removed or collected, each naming its node and where it is
    /// (a node that stopped answering); empty when everything went. Nothing may restart over them.
    /// </summary>
    IReadOnlyList<string> Leftovers => [];
}

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
