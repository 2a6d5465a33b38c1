using Testbed.Orchestration.Docker;

namespace Testbed.Orchestration.Cluster;

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
