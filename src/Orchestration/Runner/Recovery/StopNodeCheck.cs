using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Recovery;

/// <summary>
/// What --inject-faults stop-node needs before anything runs: a virtual cluster (only its nodes can
/// be frozen from here) and, in every experiment, a worker on a node other than the swarm's manager
/// (the first node), which is never frozen.
/// </summary>
public static class StopNodeCheck
{
    public static IReadOnlyList<ValidationError> Errors(ClusterDefinition cluster, IReadOnlyList<Experiment> placed)
    {
        if (cluster.Kind != ClusterKind.Virtual)
        {
            return [new ValidationError("--inject-faults", "value",
                $"'{FaultPlan.StopNode}' on the {cluster.Kind.ToString().ToLowerInvariant()} cluster {cluster.Name}",
                $"a virtual cluster (e.g. --cluster virtual-3): stop-node freezes a virtual node's container, " +
                    $"which neither this host alone nor a real host can be; use {FaultPlan.KillWorker} there")];
        }
        var manager = cluster.NodeNames[0];
        return placed
            .Where(e => e.Workloads.All(w => Enumerable.Range(0, w.Workers).All(rank => NodePlan.NodeOf(w, rank) == manager)))
            .Select(e => new ValidationError(e.File, "workloads[].nodes", $"every worker of {e.Name} on {manager}",
                $"at least one worker on a node other than {manager}, the swarm's manager, " +
                    $"which stop-node never freezes (the pipeline drives the run through it)"))
            .ToList();
    }
}
