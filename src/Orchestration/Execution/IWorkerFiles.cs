namespace Testbed.Orchestration.Execution;

/// <summary>
/// Where a workload's workers write (records, checkpoints) and how it comes back into the run
/// folder. On this host they write straight into it; on a cluster each node has a folder of its
/// own, mirrored while the workers run (so progress and monitoring see the records) and fetched
/// whole when they end, also after a failure or Ctrl+C.
/// </summary>
public interface IWorkerFiles
{
    /// <summary>
    /// Makes the folder the workload's workers write to on <paramref name="nodes"/> (empty: this
    /// host), owned by the workers' user; returns its path there (the same on every node).
    /// </summary>
    Task<string> PrepareAsync(WorkloadLaunch launch, IReadOnlyCollection<string> nodes, CancellationToken cancellation);

    /// <summary>Where each worker's records file is while it runs: rank, node and path there; empty on this host (they are written into the run folder).</summary>
    IReadOnlyList<(int Rank, string Node, string Path)> RecordsOnNodes(WorkloadLaunch launch);

    /// <summary>Fetches everything the workers wrote into the run folder and removes the nodes' copies; never throws.</summary>
    Task CollectAsync(WorkloadLaunch launch);
}
