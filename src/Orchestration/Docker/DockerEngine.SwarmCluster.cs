using Docker.DotNet;
using Docker.DotNet.Models;

namespace Testbed.Orchestration.Docker;

/// <summary>An engine's view of its swarm membership.</summary>
/// <param name="State">inactive, pending, active, error or locked (the API's LocalNodeState).</param>
/// <param name="ManagerAddresses">Addresses (host:port) of the managers this node knows.</param>
/// <param name="ClusterLabels">The swarm's own labels; only a manager sees them.</param>
public sealed record SwarmMembership(string State, string NodeId, string NodeAddress, bool IsManager, IReadOnlyList<string> ManagerAddresses,
    IReadOnlyDictionary<string, string> ClusterLabels, string Error)
{
    public bool IsActive => State == "active";
}

/// <summary>A node as the swarm's manager lists it.</summary>
public sealed record SwarmNodeFacts(string Id, string Hostname, string State, string Role, string Address, IReadOnlyDictionary<string, string> Labels);

public sealed partial class DockerEngine
{
    public const int SwarmPort = 2377;

    public async Task<SwarmMembership> SwarmMembershipAsync(CancellationToken cancellation = default)
    {
        var swarm = (await _client.System.GetSystemInfoAsync(cancellation)).Swarm;
        return new SwarmMembership(
            swarm.LocalNodeState ?? "inactive", swarm.NodeID ?? "", swarm.NodeAddr ?? "", swarm.ControlAvailable,
            (swarm.RemoteManagers ?? []).Select(p => p.Addr).ToList(),
            new Dictionary<string, string>(swarm.Cluster?.Spec?.Labels ?? new Dictionary<string, string>()),
            swarm.Error ?? "");
    }

    /// <summary>Makes this engine the manager of a new swarm, advertising <paramref name="address"/> (reachable by the other nodes).</summary>
    public async Task InitSwarmAsync(string address, IDictionary<string, string> labels, CancellationToken cancellation) =>
        await _client.Swarm.InitSwarmAsync(new SwarmInitParameters
        {
            ListenAddr = $"0.0.0.0:{SwarmPort}",
            AdvertiseAddr = $"{address}:{SwarmPort}",
            Spec = new Spec { Labels = labels },
        }, cancellation);

    public async Task<string> WorkerJoinTokenAsync(CancellationToken cancellation) =>
        (await _client.Swarm.InspectSwarmAsync(cancellation)).JoinTokens.Worker;

    /// <summary>Joins the swarm managed at <paramref name="managerAddress"/> as a worker advertising <paramref name="address"/>.</summary>
    public async Task JoinSwarmAsync(string managerAddress, string token, string address, CancellationToken cancellation) =>
        await _client.Swarm.JoinSwarmAsync(new SwarmJoinParameters
        {
            ListenAddr = $"0.0.0.0:{SwarmPort}",
            AdvertiseAddr = $"{address}:{SwarmPort}",
            RemoteAddrs = [$"{managerAddress}:{SwarmPort}"],
            JoinToken = token,
        }, cancellation);

    public async Task LeaveSwarmAsync(CancellationToken cancellation) =>
        await _client.Swarm.LeaveSwarmAsync(new SwarmLeaveParameters { Force = true }, cancellation);

    public async Task<IReadOnlyList<SwarmNodeFacts>> SwarmNodesAsync(CancellationToken cancellation)
    {
        var nodes = await _client.Swarm.ListNodesAsync(cancellation);
        return nodes.Select(n => new SwarmNodeFacts(n.ID, n.Description?.Hostname ?? "", n.Status?.State ?? "unknown", n.Spec?.Role ?? "",
            n.Status?.Addr ?? "", new Dictionary<string, string>(n.Spec?.Labels ?? new Dictionary<string, string>()))).ToList();
    }

    /// <summary>Sets one label on a swarm node (a node spec label, what placement constraints match).</summary>
    public async Task LabelSwarmNodeAsync(string nodeId, string key, string value, CancellationToken cancellation)
    {
        var node = await _client.Swarm.InspectNodeAsync(nodeId, cancellation);
        var spec = node.Spec ?? throw new InvalidOperationException($"Swarm node {nodeId} has no spec to label.");
        var version = node.Version?.Index ?? throw new InvalidOperationException($"Swarm node {nodeId} has no version to update against.");
        var labels = new Dictionary<string, string>(spec.Labels ?? new Dictionary<string, string>()) { [key] = value };
        await _client.Swarm.UpdateNodeAsync(nodeId, version, new NodeUpdateParameters
        {
            Name = spec.Name, Role = spec.Role, Availability = spec.Availability, Labels = labels,
        }, cancellation);
    }

    public async Task RemoveSwarmNodeAsync(string nodeId, CancellationToken cancellation)
    {
        try { await _client.Swarm.RemoveNodeAsync(nodeId, force: true, cancellation); }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound) { }
    }
}
