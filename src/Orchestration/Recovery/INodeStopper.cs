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

    Task PauseAsync(string node, CancellationToken cancellation);

    /// <summary>Not cancellable: a node must never be left frozen.</summary>
    Task ResumeAsync(string node);
}
