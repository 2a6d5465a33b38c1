using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Tests.Planning;

[Trait("Tier", "Unit")]
public sealed class NodePlanTests
{
    private static readonly ClusterDefinition Three = new()
    {
        Name = "virtual-3", Kind = ClusterKind.Virtual,
        VirtualNodes = [new("node-1", 0.66, 4096), new("node-2", 0.66, 4096), new("node-3", 0.66, 4096)],
    };

    private static Experiment Dual(IReadOnlyList<string>? nodes = null, double cpus = 0.3) => new()
    {
        Name = "dual", File = "experiments/dual.json",
        Workloads = [new Workload { Name = "w1", Workers = 3, CpusPerWorker = cpus, Nodes = nodes },
            new Workload { Name = "w2", Workers = 3, CpusPerWorker = cpus, Nodes = nodes }],
    };

    [Fact]
    public void Workers_without_nodes_are_spread_over_the_cluster_in_turn_and_named_nodes_are_kept()
    {
        var errors = new List<ValidationError>();
        var spread = NodePlan.Place(new Experiment { Name = "s", Workloads = [new Workload { Name = "w1", Workers = 4 }] }, Three, errors);
        var named = NodePlan.Place(Dual(["node-3", "node-2", "node-1"]), Three, errors);

        Assert.Empty(errors);
        Assert.Equal(["node-1", "node-2", "node-3", "node-1"], spread.Workloads[0].Nodes);
        Assert.Equal(["node-3", "node-2", "node-1"], named.Workloads[1].Nodes);
    }

    [Fact]
    public void A_node_the_cluster_lacks_is_an_error_naming_the_field()
    {
        var errors = new List<ValidationError>();
        NodePlan.Place(Dual(["node-1", "node-2", "node-9"]), Three, errors);

        var error = Assert.Single(errors, e => e.Field == "workloads[0].nodes[2]");
        Assert.Equal("'node-9'", error.Value);
        Assert.Contains("node-1, node-2, node-3", error.Expected);
    }

    [Fact]
    public void On_the_local_cluster_nothing_is_placed()
    {
        var experiment = Dual();
        Assert.Same(experiment, NodePlan.Place(experiment, ClusterDefinition.Local, []));
    }

    [Fact]
    public void Native_peers_are_the_nodes_addresses_and_two_workers_on_one_node_get_different_ports()
    {
        var experiment = NodePlan.Place(Dual(["node-1", "node-2", "node-3"]), Three, []);
        string Address(string node) => $"172.31.250.{10 + int.Parse(node[^1..])}";

        var w1 = NodePlan.NativePeers(experiment, experiment.Workloads[0], Address, 29500);
        var w2 = NodePlan.NativePeers(experiment, experiment.Workloads[1], Address, 29500);

        Assert.Equal(["172.31.250.11:29500", "172.31.250.12:29500", "172.31.250.13:29500"], w1);
        Assert.Equal(["172.31.250.11:29501", "172.31.250.12:29501", "172.31.250.13:29501"], w2);
        var crowded = NodePlan.Place(new Experiment { Name = "c", Workloads = [new Workload { Name = "w1", Workers = 4 }] }, Three, []);
        Assert.Equal(["172.31.250.11:29500", "172.31.250.12:29500", "172.31.250.13:29500", "172.31.250.11:29501"],
            NodePlan.NativePeers(crowded, crowded.Workloads[0], Address, 29500));
    }

    [Fact]
    public void A_virtual_node_that_cannot_give_its_workers_their_shares_scales_them_or_refuses()
    {
        var placed = NodePlan.Place(Dual(["node-1", "node-1", "node-2"], cpus: 0.5), Three, []);

        var (scaled, note) = CpuBudget.Fit(placed, Three, machineCores: 2, CpuPolicy.Scale);
        var refused = Assert.Throws<ExperimentValidationException>(() => CpuBudget.Fit(placed, Three, machineCores: 2, CpuPolicy.Refuse));

        // node-1 carries 4 workers at 0.5 = 2 cores against its 0.66: every share scales by 0.33.
        Assert.Equal(0.16, scaled.Workloads[0].CpusPerWorker);
        Assert.Contains("node node-1 of virtual-3", note);
        Assert.Contains("node node-1 of virtual-3", refused.Message);
        var spread = NodePlan.Place(Dual(["node-1", "node-2", "node-3"]), Three, []);
        Assert.Equal((spread, (string?)null), CpuBudget.Fit(spread, Three, machineCores: 2, CpuPolicy.Refuse));
    }
}
