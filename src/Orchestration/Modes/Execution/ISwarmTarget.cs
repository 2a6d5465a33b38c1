using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Docker;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// The swarm a workload's containers run on: its manager (services, networks, secrets), the engine
/// of the node a task landed on (its logs and stats live there), the node's name, and where the
/// workers' files go.
/// </summary>
public interface ISwarmTarget
{
    DockerEngine Manager { get; }

    IWorkerFiles Files { get; }

    /// <summary>The node names workers are pinned to: a workload's Nodes must all be among them.</summary>
    Task<IReadOnlySet<string>> LabelledNodesAsync(CancellationToken cancellation);

    DockerEngine EngineOf(string swarmNodeId);

    /// <summary>Every rank's "address:port" when the workload runs on the hosts' own networks (container-host).</summary>
    IReadOnlyList<string> HostNetworkPeers(WorkloadLaunch launch);

    Task<string> NodeNameAsync(string swarmNodeId, CancellationToken cancellation);

    /// <summary>Each rank's network interface on the hosts' own networks (container-host), for a foreign trainer's GLOO_SOCKET_IFNAME.</summary>
    Task<IReadOnlyList<string>> HostNetworkInterfacesAsync(WorkloadLaunch launch, CancellationToken cancellation);
}

/// <summary>This host's one-node swarm: one engine for everything, files straight into the run folder.</summary>
public sealed class LocalSwarm(DockerEngine engine, int userId) : ISwarmTarget
{
    public DockerEngine Manager => engine;

    public IWorkerFiles Files { get; } = new LocalWorkerFiles(userId);

    public Task<IReadOnlySet<string>> LabelledNodesAsync(CancellationToken cancellation) => engine.LabelledNodesAsync(cancellation);

    public DockerEngine EngineOf(string swarmNodeId) => engine;

    /// <summary>One host: loopback, on ports the kernel has free right now.</summary>
    public IReadOnlyList<string> HostNetworkPeers(WorkloadLaunch launch) =>
        FreePorts.OnLoopback(launch.Workload.Workers).Select(p => $"127.0.0.1:{p.ToString(System.Globalization.CultureInfo.InvariantCulture)}").ToList();

    public Task<string> NodeNameAsync(string swarmNodeId, CancellationToken cancellation) => engine.NodeHostnameAsync(swarmNodeId, cancellation);

    /// <summary>One host: every worker on loopback.</summary>
    public Task<IReadOnlyList<string>> HostNetworkInterfacesAsync(WorkloadLaunch launch, CancellationToken cancellation) =>
        Task.FromResult<IReadOnlyList<string>>(Enumerable.Repeat("lo", launch.Workload.Workers).ToList());
}

/// <summary>A provisioned cluster's swarm: the first node manages, each node's engine through its tunnel, files on the nodes.</summary>
public sealed class ClusterSwarmTarget(ProvisionedCluster cluster, int userId) : ISwarmTarget
{
    public DockerEngine Manager => cluster.ManagerEngine;

    public IWorkerFiles Files { get; } = new NodeWorkerFiles(cluster, userId);

    public Task<IReadOnlySet<string>> LabelledNodesAsync(CancellationToken cancellation) => cluster.ManagerEngine.LabelledNodesAsync(cancellation);

    public DockerEngine EngineOf(string swarmNodeId) => Node(swarmNodeId).Engine;

    /// <summary>Each rank on its node's LAN address, on the node's trainer ports, as native workers are.</summary>
    public IReadOnlyList<string> HostNetworkPeers(WorkloadLaunch launch) =>
        Planning.NodePlan.NativePeers(launch.Repetition.Experiment, launch.Workload, name => cluster.Node(name).Address, cluster.Definition.TrainerPorts);

    public Task<string> NodeNameAsync(string swarmNodeId, CancellationToken cancellation) => Task.FromResult(Node(swarmNodeId).Name);

    public async Task<IReadOnlyList<string>> HostNetworkInterfacesAsync(WorkloadLaunch launch, CancellationToken cancellation)
    {
        var nodes = Enumerable.Range(0, launch.Workload.Workers).Select(rank => cluster.Node(Planning.NodePlan.NodeOf(launch.Workload, rank))).ToList();
        var interfaces = new Dictionary<string, string>();
        foreach (var node in nodes.DistinctBy(n => n.Name)) interfaces[node.Name] = await NodeInterfaces.OfAddressAsync(node, cancellation);
        return nodes.Select(n => interfaces[n.Name]).ToList();
    }

    private ClusterNode Node(string swarmNodeId) => cluster.NodeOfSwarmId(swarmNodeId)
        ?? throw new InvalidOperationException($"A task ran on swarm node {swarmNodeId}, which is none of " +
            $"{cluster.Definition.Name}'s nodes ({string.Join(", ", cluster.Nodes.Select(n => n.Name))}).");
}
