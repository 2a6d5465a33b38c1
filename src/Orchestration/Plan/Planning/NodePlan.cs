using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Planning;

/// <summary>
/// Which node each worker runs on, and which port a native worker listens on there. On a cluster
/// every worker has a node: the one its workload names for its rank, or else the cluster's nodes
/// in turn (rank 0 on the first, ...). On the local cluster nothing is placed: every worker shares
/// this host, as the manifest says.
/// </summary>
public static class NodePlan
{
    /// <summary>
    /// The experiment with every workload's <see cref="Workload.Nodes"/> filled in for
    /// <paramref name="cluster"/>; an error for every node it names that the cluster lacks.
    /// </summary>
    public static Experiment Place(Experiment experiment, ClusterDefinition cluster, List<ValidationError> errors)
    {
        if (cluster.Kind == ClusterKind.Local) return experiment;
        var nodes = cluster.NodeNames;
        var placed = experiment.Workloads.Select((w, i) =>
        {
            if (w.Nodes is null) return w with { Nodes = Enumerable.Range(0, w.Workers).Select(rank => nodes[rank % nodes.Count]).ToList() };
            for (var rank = 0; rank < w.Nodes.Count; rank++)
            {
                if (!nodes.Contains(w.Nodes[rank]))
                {
                    errors.Add(new ValidationError(experiment.File, $"workloads[{i}].nodes[{rank}]", $"'{w.Nodes[rank]}'",
                        $"a node of the cluster {cluster.Name}: {string.Join(", ", nodes)}"));
                }
            }

            return w;
        }).ToList();
        return experiment with { Workloads = placed };
    }

    /// <summary>
    /// The port a native worker listens on, on its node's own address: the cluster's first trainer
    /// port plus how many workers of the scenario (in workload order, then rank) sit on that node
    /// before it. Every worker of a repetition gets a distinct port on its node; the same plan
    /// gives the same ports every repetition.
    /// </summary>
    public static int Port(Experiment experiment, Workload workload, int rank, int firstPort)
    {
        var node = NodeOf(workload, rank);
        var before = 0;
        foreach (var w in experiment.Workloads)
        {
            for (var r = 0; r < w.Workers; r++)
            {
                // By name: a tune phase's workload is the trained one with other epochs, steps and learning rate.
                if (w.Name == workload.Name && r == rank) return firstPort + before;
                if (NodeOf(w, r) == node) before++;
            }
        }
        throw new ArgumentException($"{workload.Name} is not a workload of {experiment.Name}.", nameof(workload));
    }

    /// <summary>Every rank's "address:port" on its node: the native workers' peer list, the same for every rank.</summary>
    public static IReadOnlyList<string> NativePeers(Experiment experiment, Workload workload, Func<string, string> addressOf, int firstPort) =>
        Enumerable.Range(0, workload.Workers)
            .Select(rank => $"{addressOf(NodeOf(workload, rank))}:"
                + $"{Port(experiment, workload, rank, firstPort).ToString(System.Globalization.CultureInfo.InvariantCulture)}")
            .ToList();

    public static string NodeOf(Workload workload, int rank) =>
        workload.Nodes is { } nodes && rank < nodes.Count ? nodes[rank]
            : throw new InvalidOperationException($"{workload.Name} rank {rank} has no node: place the experiment on its cluster first.");

    /// <summary>Cores the workers placed on each node ask for together.</summary>
    public static IReadOnlyDictionary<string, double> CpusPerNode(Experiment experiment) =>
        experiment.Workloads.SelectMany(w => Enumerable.Range(0, w.Workers).Select(r => (Node: NodeOf(w, r), w.CpusPerWorker)))
            .GroupBy(x => x.Node).ToDictionary(g => g.Key, g => g.Sum(x => x.CpusPerWorker));
}
