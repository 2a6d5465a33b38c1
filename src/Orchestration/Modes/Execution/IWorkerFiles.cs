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

    /// <summary>Where each worker's records file is while it runs: rank, node and path there; empty on this host (they are written into the run
    /// folder).</summary>
    IReadOnlyList<(int Rank, string Node, string Path)> RecordsOnNodes(WorkloadLaunch launch);

    /// <summary>
    /// Fetches everything the workers wrote into the run folder and removes a node's copy once its
    /// download is verified; returns what stayed on a node and why. Never throws.
    /// </summary>
    /// <param name="keepOn">Nodes whose copy stays even when collected: a process there could not be confirmed stopped and may still write.</param>
    /// <param name="unreachable">Nodes not tried at all, with why (they stopped answering during the clean-up): their copy stays.</param>
    Task<IReadOnlyList<string>> CollectAsync(WorkloadLaunch launch, IReadOnlyCollection<string>? keepOn = null, IReadOnlyDictionary<string,
        string>? unreachable = null);
}
