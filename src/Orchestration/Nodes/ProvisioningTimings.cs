namespace Testbed.Orchestration.Cluster;

/// <summary>How long provisioning took, and whether the nodes were made now or reused.</summary>
/// <param name="NodesSeconds">Making or finding the virtual nodes (0 for real hosts), image build excluded.</param>
/// <param name="NodeImageSeconds">Building the virtual node image (0 when it existed).</param>
/// <param name="ConnectSeconds">SSH connections and the engines answering through their tunnels.</param>
/// <param name="PrepareSeconds">Tools, engine, rootfs, trainer and image on every node (in parallel).</param>
/// <param name="SwarmSeconds">Forming or checking the swarm and its labels.</param>
public sealed record ProvisioningTimings(
    double NodeImageSeconds, double NodesSeconds, double ConnectSeconds, double PrepareSeconds, double SwarmSeconds, double TotalSeconds,
    IReadOnlyList<string> CreatedNodes)
{
    /// <summary>Nodes not made now that got an engine, the rootfs, the trainer or its image (real hosts the first time).</summary>
    public IReadOnlyList<string> PreparedNodes { get; init; } = [];

    /// <summary>Nothing was made or prepared: every node was ready already.</summary>
    public bool Reused => CreatedNodes.Count == 0 && PreparedNodes.Count == 0;

    public string Summary => ProvisioningEntry.Describe(CreatedNodes, PreparedNodes);

    public override string ToString() =>
        FormattableString.Invariant($"{TotalSeconds:0.0} s ({Summary}): node image {NodeImageSeconds:0.0} s, nodes {NodesSeconds:0.0} s, ") +
        FormattableString.Invariant($"connect {ConnectSeconds:0.0} s, prepare {PrepareSeconds:0.0} s, swarm {SwarmSeconds:0.0} s");
}
