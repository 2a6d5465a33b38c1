using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Planning;

/// <summary>
/// Where a workload's containers go. A workload that names a logical node per worker is pinned to
/// the swarm nodes labelled <c>testbed.node=&lt;name&gt;</c> when the swarm has all of them;
/// otherwise (a one-node swarm) every worker shares the node. One rule for the services and for
/// the sentence the manifest records.
/// </summary>
public static class WorkerPlacement
{
    public static IReadOnlyList<string>? PinnedNodes(Workload workload, IReadOnlySet<string> labelledNodes) =>
        workload.Nodes is { } wanted && labelledNodes.IsSupersetOf(wanted) ? wanted : null;

    public static string Describe(IEnumerable<Experiment> experiments, IReadOnlySet<string> labelledNodes)
    {
        var parts = experiments.SelectMany(e => e.Workloads.Select(w =>
        {
            var pinned = PinnedNodes(w, labelledNodes);
            var where = pinned is not null
                ? string.Join(", ", pinned.Select((node, rank) => $"rank {rank} on {node}"))
                : w.Nodes is null ? "no nodes named: every worker on the swarm's node"
                    : $"nodes {string.Join(", ", w.Nodes)} are not labelled in this swarm: every worker on its one node";
            return $"{e.Name}/{w.Name}: {where}";
        }));
        return $"containers: {string.Join("; ", parts)}. Native workers run as processes on this host.";
    }
}
