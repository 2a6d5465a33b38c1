namespace Testbed.Orchestration.Recovery;

/// <summary>
/// Freezes a cluster node and thaws it again: what --inject-faults stop-node does. A frozen node
/// answers nothing (its worker, its engine, its SSH server), as a hung or unplugged host does,
/// until it is resumed.
/// </summary>
public interface INodeStopper
{
    /// <summary>Whether the node may be frozen: never the swarm's manager, through which the pipeline drives every mode.</summary>
    bool CanStop(string node);

    /// <summary>
    /// Returns once <paramref name="recordsFile"/> on <paramref name="node"/> (a worker's records)
    /// holds epoch <paramref name="epoch"/>: watched on the node itself, because the run folder's
    /// copy lags by seconds, longer than a short epoch, and the node would freeze too late.
    /// </summary>
    Task WaitForEpochAsync(string node, string recordsFile, int epoch, CancellationToken cancellation);

    Task PauseAsync(string node, CancellationToken cancellation);

    /// <summary>Not cancellable: a node must never be left frozen.</summary>
    Task ResumeAsync(string node);
}
