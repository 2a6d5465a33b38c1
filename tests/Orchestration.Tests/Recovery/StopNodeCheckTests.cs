using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Recovery;

namespace Testbed.Orchestration.Tests.Recovery;

[Trait("Tier", "Unit")]
public sealed class StopNodeCheckTests
{
    private static readonly ClusterDefinition Two = new()
    {
        Name = "virtual-2", Kind = ClusterKind.Virtual,
        VirtualNodes = [new("node-1", 0.66, 4096), new("node-2", 0.66, 4096)],
    };

    private static Experiment On(params string[] nodes) => new()
    {
        Name = "e", File = "experiments/e.json",
        Workloads = [new Workload { Name = "w1", Workers = nodes.Length, Nodes = nodes }],
    };

    [Fact]
    public void A_virtual_cluster_with_a_worker_off_the_manager_passes()
    {
        Assert.Empty(StopNodeCheck.Errors(Two, [On("node-1", "node-2")]));
    }

    [Fact]
    public void Every_worker_on_the_manager_is_refused_naming_the_experiment_file()
    {
        var error = Assert.Single(StopNodeCheck.Errors(Two, [On("node-1", "node-1")]));

        Assert.Equal("experiments/e.json", error.File);
        Assert.Contains("node-1", error.Expected);
    }

    [Fact]
    public void This_host_alone_and_real_hosts_are_refused_pointing_to_kill_worker()
    {
        var hosts = new ClusterDefinition { Name = "lab", Kind = ClusterKind.Hosts };

        foreach (var cluster in new[] { ClusterDefinition.Local, hosts })
        {
            var error = Assert.Single(StopNodeCheck.Errors(cluster, []));
            Assert.Equal("--inject-faults", error.File);
            Assert.Contains(FaultPlan.KillWorker, error.Expected);
        }
    }
}
