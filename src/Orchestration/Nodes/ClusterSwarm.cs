using Testbed.Orchestration.Docker;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// Forms one swarm across the nodes, the same way for virtual nodes and real hosts: the first node
/// inits it advertising its LAN address (a manager advertising 127.0.0.1 cannot take remote
/// workers) and labels it <c>testbed.cluster=&lt;name&gt;</c>; the others join as workers. Workers,
/// not managers: the pipeline drives the swarm through one engine, a single manager keeps Raft off
/// the other nodes (their CPU is what is measured). (The thesis promoted all three nodes to managers;
/// with one scheduler and no failover under test, that buys nothing here and costs Raft traffic.)
/// Every node carries the node label <c>testbed.node=&lt;name&gt;</c>, which placement constraints
/// match. Idempotent: a swarm that is already right is left as it is.
/// </summary>
/// <param name="ownsNodes">
/// True for virtual nodes: the pipeline made them, so a node in a stale or foreign swarm is taken
/// out of it. False for real hosts: a host in a swarm the pipeline did not make is an error, never
/// changed.
/// </param>
public sealed class ClusterSwarm(string clusterName, bool ownsNodes, IReporter reporter, TimeSpan readyTimeout)
{
    public async Task<IReadOnlyDictionary<string, string>> EnsureAsync(IReadOnlyList<SwarmMember> members, CancellationToken cancellation)
    {
        var manager = members[0];
        await EnsureManagerAsync(manager, cancellation);
        var token = await manager.Engine.WorkerJoinTokenAsync(cancellation);
        var managerAddress = $"{manager.Address}:{DockerEngine.SwarmPort}";

        var ids = new Dictionary<string, string> { [manager.Name] = (await manager.Engine.SwarmMembershipAsync(cancellation)).NodeId };
        var listed = (await manager.Engine.SwarmNodesAsync(cancellation)).Select(n => n.Id).ToHashSet();
        foreach (var member in members.Skip(1))
        {
            var membership = await member.Engine.SwarmMembershipAsync(cancellation);
            if (membership.IsActive && listed.Contains(membership.NodeId) && membership.ManagerAddresses.Contains(managerAddress))
            {
                ids[member.Name] = membership.NodeId;
                continue;
            }
            if (membership.State != "inactive")
            {
                var ours = membership.ManagerAddresses.Contains(managerAddress);
                if (!ownsNodes && !ours)
                {
                    throw new InvalidOperationException(
                        $"{member.Name} ({member.Address}) is already in another swarm " +
                        $"(state {membership.State}, managers {Describe(membership.ManagerAddresses)}). " +
                        "The pipeline does not take a host out of a swarm it did not make: " +
                        $"run 'docker swarm leave' on {member.Address} (or use another host), then run again.");
                }

                await member.Engine.LeaveSwarmAsync(cancellation);
                reporter.Info($"{member.Name} left a {(ours ? "stale membership of this" : "foreign")} swarm to join {clusterName}'s");
            }
            await member.Engine.JoinSwarmAsync(manager.Address, token, member.Address, cancellation);
            ids[member.Name] = (await member.Engine.SwarmMembershipAsync(cancellation)).NodeId;
            reporter.Info($"{member.Name} joined the swarm as a worker, advertising {member.Address}");
        }

        await TidyAsync(manager, ids, cancellation);
        return ids;
    }

    private async Task EnsureManagerAsync(SwarmMember manager, CancellationToken cancellation)
    {
        var membership = await manager.Engine.SwarmMembershipAsync(cancellation);
        var mine = membership.IsActive && membership.IsManager && membership.ClusterLabels.GetValueOrDefault(Labels.Cluster) == clusterName;
        if (mine && membership.NodeAddress == manager.Address)
        {
            reporter.Skip($"{manager.Name} manages {clusterName}'s swarm, advertising {manager.Address}");
            return;
        }
        if (membership.State != "inactive")
        {
            var what = mine ? $"this cluster's swarm but advertises {membership.NodeAddress}, not {manager.Address}"
                : membership.IsManager ? $"a swarm labelled '{membership.ClusterLabels.GetValueOrDefault(Labels.Cluster, "(none)")}'"
                : $"a swarm as a worker (managers {Describe(membership.ManagerAddresses)})";
            if (!ownsNodes)
            {
                throw new InvalidOperationException(
                    $"{manager.Name} ({manager.Address}), the cluster's first node and so its swarm manager, is already in {what}. " +
                    $"The pipeline does not change a swarm it did not make: run 'docker swarm leave' there (or list another host first), then run again.");
            }

            await manager.Engine.LeaveSwarmAsync(cancellation);
            reporter.Info($"{manager.Name} left {what}");
        }
        await manager.Engine.InitSwarmAsync(manager.Address, new Dictionary<string, string> { [Labels.Cluster] = clusterName }, cancellation);
        reporter.Info($"{manager.Name} started {clusterName}'s swarm, advertising {manager.Address}:{DockerEngine.SwarmPort}");
    }

    /// <summary>Labels every node, drops down nodes the swarm still lists from earlier incarnations, and waits until all are ready.</summary>
    private async Task TidyAsync(SwarmMember manager, IReadOnlyDictionary<string, string> ids, CancellationToken cancellation)
    {
        var names = ids.ToDictionary(p => p.Value, p => p.Key);
        var deadline = DateTime.UtcNow + readyTimeout;
        while (true)
        {
            var nodes = await manager.Engine.SwarmNodesAsync(cancellation);
            foreach (var node in nodes)
            {
                if (names.TryGetValue(node.Id, out var name))
                {
                    if (node.Labels.GetValueOrDefault(Labels.Node) != name) await manager.Engine.LabelSwarmNodeAsync(node.Id, Labels.Node, name, cancellation);
                }
                else if (node.State == "down" && (ownsNodes || node.Labels.ContainsKey(Labels.Node)))
                {
                    // A node made again (or one that left) is listed once more under its old id until removed.
                    await manager.Engine.RemoveSwarmNodeAsync(node.Id, cancellation);
                }
            }
            var notReady = nodes.Where(n => names.ContainsKey(n.Id) && n.State != "ready").Select(n => $"{names[n.Id]} ({n.State})")
                .Concat(names.Keys.Where(id => nodes.All(n => n.Id != id)).Select(id => $"{names[id]} (not listed)")).ToList();
            if (notReady.Count == 0) return;
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"The swarm's nodes {string.Join(", ", notReady)} were not ready within {readyTimeout.TotalSeconds:0} s. " +
                    $"Between the nodes, TCP 2377 and 7946 and UDP 7946 and 4789 must be open; 'docker node ls' on {manager.Name} shows the state.");
            }

            await Task.Delay(250, cancellation);
        }
    }

    private static string Describe(IReadOnlyList<string> addresses) => addresses.Count == 0 ? "unknown" : string.Join(", ", addresses);
}
