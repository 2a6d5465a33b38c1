using Testbed.Orchestration.Docker;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// One node of a provisioned cluster: its name (= hostname of a virtual node, = swarm node label
/// <c>testbed.node</c>), the LAN address the other nodes and native workers' peers reach it at,
/// a shell on it, its engine, its swarm node id, and where the rootfs and trainer are on it.
/// </summary>
public sealed class ClusterNode(string name, string address, NodeShell shell, DockerEngine engine) : IAsyncDisposable
{
    public string Name { get; } = name;
    public string Address { get; } = address;
    public NodeShell Shell { get; } = shell;
    public DockerEngine Engine { get; } = engine;

    public string SwarmNodeId { get; internal set; } = "";

    /// <summary>The runtime rootfs on the node, laid out like the host's cache (root/, packages.txt).</summary>
    public string RootfsDirectory { get; internal set; } = "";

    /// <summary>The published trainer on the node (testbed-trainer in it).</summary>
    public string TrainerDirectory { get; internal set; } = "";

    public NodePreparation? Preparation { get; internal set; }

    /// <summary>Foreign trainers' runtimes on the node, by name: the rootfs copy (holds root/) and trainers/.</summary>
    public Dictionary<string, NodeRuntimePaths> Runtimes { get; } = [];

    public async ValueTask DisposeAsync()
    {
        Engine.Dispose();
        await Shell.DisposeAsync();
    }
}

/// <summary>Where a foreign runtime is on a node: its rootfs copy (holds root/) and its copy of trainers/.</summary>
public sealed record NodeRuntimePaths(string Rootfs, string Trainers);

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

/// <summary>
/// A cluster ready for workers: every node reachable, its engine answering, the rootfs, trainer
/// and trainer image on it, and one swarm across the nodes whose manager is the first node.
/// Disposing closes the SSH connections and tunnels; the nodes themselves stay (Teardown removes
/// virtual ones).
/// </summary>
public sealed class ProvisionedCluster(ClusterDefinition definition, IReadOnlyList<ClusterNode> nodes, ProvisioningTimings timings) : IAsyncDisposable
{
    public ClusterDefinition Definition { get; } = definition;
    public IReadOnlyList<ClusterNode> Nodes { get; } = nodes;
    public ProvisioningTimings Timings { get; } = timings;

    /// <summary>The swarm's manager: services, networks and secrets are created through its engine.</summary>
    public ClusterNode Manager => Nodes[0];

    public DockerEngine ManagerEngine => Manager.Engine;

    public ClusterNode Node(string name) => Nodes.FirstOrDefault(n => n.Name == name)
        ?? throw new ArgumentException($"{Definition.Name} has no node '{name}'; its nodes are {string.Join(", ", Nodes.Select(n => n.Name))}.", nameof(name));

    /// <summary>The node whose swarm node id this is (a task's NodeID), or null.</summary>
    public ClusterNode? NodeOfSwarmId(string swarmNodeId) => Nodes.FirstOrDefault(n => n.SwarmNodeId == swarmNodeId);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
    }
}
