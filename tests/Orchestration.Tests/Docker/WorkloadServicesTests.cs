using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Tests.Planning;

// The Docker models mark every property nullable; walking them here, a missing part fails the test
// with a NullReferenceException as plainly as an assertion would.
#nullable disable warnings

namespace Testbed.Orchestration.Tests.Docker;

[Trait("Tier", "Unit")]
public class WorkloadServicesTests
{
    private static SwarmWorkloadRequest Request(IReadOnlyList<string>? nodes = null)
    {
        var experiment = RunPlanTests.Scenario("thesis-single", workers: 3, cpus: 0.6);
        var repetition = new PlannedRepetition(experiment, Mode.Container, 2, IsWarmup: false);
        var launch = new WorkloadLaunch("20261128T080000Z-abc1234", repetition, experiment.Workloads[0], "/results/run/w1", "secret-token",
            TrainerArguments.ContainerPort);
        return new SwarmWorkloadRequest(SwarmWorkloads.Of(launch), "testbed/trainer:abc", "net-id", "secret-id", "secret-name", "/results/run/w1", nodes,
            10001);
    }

    [Fact]
    public void One_replicated_dnsrr_service_with_ranks_from_slots_and_discovery_through_swarm_dns()
    {
        var spec = Assert.Single(WorkloadServices.Build(Request())).Service;
        var container = spec.TaskTemplate.ContainerSpec;

        Assert.Equal(3UL, spec.Mode.Replicated.Replicas);
        Assert.Equal("dnsrr", spec.EndpointSpec.Mode);
        Assert.Equal("none", spec.TaskTemplate.RestartPolicy.Condition);
        Assert.Contains("TESTBED_SLOT={{.Task.Slot}}", container.Env);
        Assert.Equal("{{.Service.Name}}-{{.Task.Slot}}", container.Hostname);
        var args = string.Join(' ', container.Args);
        Assert.Contains($"--discover tasks.{spec.Name}:29500 --world 3", args);
        Assert.Contains("--batch 64 --lr 0.001 --seed 42", args);
        Assert.Equal("net-id", Assert.Single(spec.TaskTemplate.Networks).Target);
    }

    [Fact]
    public void Cpu_and_memory_are_limited_and_reserved_alike()
    {
        var resources = Assert.Single(WorkloadServices.Build(Request())).Service.TaskTemplate.Resources;
        Assert.Equal(600_000_000, resources.Limits.NanoCPUs);
        Assert.Equal(600_000_000, resources.Reservations.NanoCPUs);
        Assert.Equal(1024L * 1024 * 1024, resources.Limits.MemoryBytes);
    }

    [Fact]
    public void The_token_comes_as_a_secret_file_never_on_the_command_line()
    {
        var container = Assert.Single(WorkloadServices.Build(Request())).Service.TaskTemplate.ContainerSpec;
        var secret = Assert.Single(container.Secrets);
        Assert.Equal("secret-id", secret.SecretID);
        Assert.Equal(TrainerArguments.TokenFileName, secret.File.Name);
        Assert.Equal("10001", secret.File.UID);
        Assert.DoesNotContain("secret-token", string.Join(' ', container.Args));
        Assert.DoesNotContain(container.Env, e => e.Contains("secret-token"));
    }

    [Fact]
    public void Everything_carries_the_run_workload_and_mode_labels()
    {
        var spec = Assert.Single(WorkloadServices.Build(Request())).Service;
        foreach (var labels in new[] { spec.Labels, spec.TaskTemplate.ContainerSpec.Labels })
        {
            Assert.Equal("20261128T080000Z-abc1234", labels[Labels.Run]);
            Assert.Equal("w1", labels[Labels.Workload]);
            Assert.Equal("container", labels[Labels.Mode]);
        }
        var mount = Assert.Single(spec.TaskTemplate.ContainerSpec.Mounts);
        Assert.Equal(("bind", "/results/run/w1", "/results"), (mount.Type, mount.Source, mount.Target));
    }

    [Fact]
    public void With_node_placement_each_worker_gets_its_own_pinned_service_and_static_peers()
    {
        var specs = WorkloadServices.Build(Request(["node-1", "node-2", "node-3"])).Select(s => s.Service).ToList();
        Assert.Equal(3, specs.Count);
        for (var rank = 0; rank < 3; rank++)
        {
            Assert.Equal(1UL, specs[rank].Mode.Replicated.Replicas);
            Assert.Equal($"node.labels.testbed.node==node-{rank + 1}", Assert.Single(specs[rank].TaskTemplate.Placement.Constraints));
            var args = string.Join(' ', specs[rank].TaskTemplate.ContainerSpec.Args);
            Assert.Contains($"--rank {rank}", args);
            Assert.Contains(string.Join(',', specs.Select(s => $"{s.Name}:29500")), args);
        }
    }

    [Fact]
    public void Container_host_makes_one_service_per_worker_on_the_hosts_network_each_on_its_own_port_without_overlay_or_dns()
    {
        var request = Request() with { };
        request = request with { HostNetworkPeers = ["127.0.0.1:40001", "127.0.0.1:40002", "127.0.0.1:40003"] };

        var specs = WorkloadServices.Build(request).Select(p => p.Service).ToList();

        Assert.Equal(3, specs.Count);
        for (var rank = 0; rank < 3; rank++)
        {
            var args = string.Join(' ', specs[rank].TaskTemplate.ContainerSpec.Args);
            Assert.Contains($"--peers 127.0.0.1:40001,127.0.0.1:40002,127.0.0.1:40003 --rank {rank} --port {40001 + rank}", args);
            Assert.DoesNotContain("--discover", args);
            Assert.Equal(WorkloadServices.HostNetwork, Assert.Single(specs[rank].TaskTemplate.Networks).Target);
            Assert.Null(specs[rank].EndpointSpec);
            Assert.Null(specs[rank].TaskTemplate.ContainerSpec.Hostname);
            Assert.Empty(specs[rank].TaskTemplate.Placement.Constraints);
            Assert.Equal(600_000_000, specs[rank].TaskTemplate.Resources.Limits.NanoCPUs);
        }
    }

    [Fact]
    public void Container_host_on_a_cluster_pins_each_worker_to_its_node_and_listens_on_the_nodes_address()
    {
        var request = Request(["node-1", "node-2", "node-3"]) with { HostNetworkPeers = ["172.31.250.11:29500", "172.31.250.12:29500", "172.31.250.13:29500"] };

        var specs = WorkloadServices.Build(request).Select(p => p.Service).ToList();

        Assert.Equal(["node.labels.testbed.node==node-1", "node.labels.testbed.node==node-2", "node.labels.testbed.node==node-3"],
            specs.Select(s => Assert.Single(s.TaskTemplate.Placement.Constraints)));
        Assert.Contains("--rank 2 --port 29500", string.Join(' ', specs[2].TaskTemplate.ContainerSpec.Args));
    }
}
