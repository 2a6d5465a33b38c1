using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Tests.Planning;

// The Docker models mark every property nullable; walking them here, a missing part fails the test
// with a NullReferenceException as plainly as an assertion would.
#nullable disable warnings

namespace Testbed.Orchestration.Tests.ForeignTrainers;

/// <summary>What each mode gives a foreign trainer: torchrun's environment (rank, world, rank 0's address and port, threads, interface, token) and its
/// command.</summary>
[Trait("Tier", "Unit")]
public sealed class ForeignLaunchTests
{
    private static readonly TrainerSpec Torch = new()
    {
        Kind = TrainerSpec.CommandKind,
        Runtime = Runtimes.PyTorch,
        Command = ["python3", "/opt/trainers/pytorch/thesis_cnn.py", "--epochs", "{epochs}", "--out", "{out}", "--data", "{data}"],
    };

    private static WorkloadLaunch Launch(Mode mode, double cpus = 0.6, int workers = 3, int? warmupEpochs = null)
    {
        var scenario = RunPlanTests.Scenario("thesis-single-pytorch", workers: workers, cpus: cpus);
        var experiment = scenario with { Workloads = [scenario.Workloads[0] with { Trainer = Torch }] };
        var repetition = new PlannedRepetition(experiment, mode, 2, IsWarmup: warmupEpochs is not null, warmupEpochs);
        return new WorkloadLaunch("20261205T080000Z-abc1234", repetition, experiment.Workloads[0], "/results/run/w1", "secret-token",
            TrainerArguments.ContainerPort);
    }

    [Fact]
    public void Every_rank_gets_torchruns_variables_threads_from_the_allotment_and_the_token_file()
    {
        var launch = Launch(Mode.Native, cpus: 1.5);
        var environment = ForeignLaunch.Environment(launch, 2, ("127.0.0.1", 41234), localRank: 2, localWorld: 3, socketInterface: "lo");

        Assert.Equal("127.0.0.1", environment["MASTER_ADDR"]);
        Assert.Equal("41234", environment["MASTER_PORT"]);
        Assert.Equal(("2", "3", "2", "3"), (environment["RANK"], environment["WORLD_SIZE"], environment["LOCAL_RANK"], environment["LOCAL_WORLD_SIZE"]));
        Assert.Equal("1", environment["OMP_NUM_THREADS"]); // 1.5 cores: one whole core, more threads would only be throttled
        Assert.Equal("lo", environment["GLOO_SOCKET_IFNAME"]);
        Assert.Equal("/run/secrets/testbed-job-token", environment[ForeignLaunch.TokenFileVariable]);
        Assert.Equal(launch.JobId, environment[ForeignLaunch.JobIdVariable]);
        Assert.DoesNotContain("secret-token", environment.Values);
    }

    [Fact]
    public void Two_whole_cores_give_two_threads()
    {
        Assert.Equal("2", ForeignLaunch.Environment(Launch(Mode.Native, cpus: 2, workers: 1), 0, ("127.0.0.1", 1), 0, 1, null)["OMP_NUM_THREADS"]);
    }

    [Fact]
    public void Local_rank_counts_the_ranks_before_it_on_the_same_host()
    {
        string[] hosts = ["node-1", "node-2", "node-1", "node-1"];
        Assert.Equal([(0, 3), (0, 1), (1, 3), (2, 3)], Enumerable.Range(0, 4).Select(r => ForeignLaunch.LocalRankOf(hosts, r)));
    }

    [Fact]
    public void The_command_gets_the_launchs_epochs_the_data_sets_folder_and_the_output_folder()
    {
        var command = ForeignLaunch.Command(Launch(Mode.Native, warmupEpochs: 1), "/results");
        Assert.Equal(["python3", "/opt/trainers/pytorch/thesis_cnn.py", "--epochs", "1", "--out", "/results", "--data", "/usr/share/datasets/fashion-mnist"],
            command);
    }

    [Fact]
    public void In_containers_each_rank_is_a_service_of_its_own_and_rank_0_is_reached_by_its_service_name_on_the_overlay()
    {
        var launch = Launch(Mode.Container);
        var request = new SwarmWorkloadRequest(SwarmWorkloads.OfForeign(launch, hostInterfaces: null), "sha256:runtime", "net-id", "secret-id", "secret-name",
            "/results/run/w1", null, 10001);
        var services = WorkloadServices.Build(request);

        var service0 = $"{launch.ShortName}-0";
        Assert.Equal([service0, $"{launch.ShortName}-1", $"{launch.ShortName}-2"], services.Select(s => s.Service.Name));
        foreach (var (service, rank) in services.Select((s, r) => (s.Service, r)))
        {
            var container = service.TaskTemplate.ContainerSpec;
            Assert.Equal(1UL, service.Mode.Replicated.Replicas);
            Assert.Equal("none", service.TaskTemplate.RestartPolicy.Condition);
            Assert.Equal("sha256:runtime", container.Image);
            Assert.Equal("python3", container.Command[0]);
            Assert.Contains("/results", container.Command);
            Assert.Empty(container.Args);
            Assert.Contains($"MASTER_ADDR={service0}", container.Env);
            Assert.Contains("MASTER_PORT=29500", container.Env);
            Assert.Contains($"RANK={rank}", container.Env);
            Assert.Contains("WORLD_SIZE=3", container.Env);
            Assert.Contains("LOCAL_RANK=0", container.Env);
            Assert.Contains("GLOO_SOCKET_IFNAME=eth0", container.Env);
            Assert.Equal(600_000_000, service.TaskTemplate.Resources.Limits.NanoCPUs);
            Assert.Equal("testbed-job-token", Assert.Single(container.Secrets).File.Name);
        }
    }

    [Fact]
    public void On_the_hosts_network_rank_0_is_its_hosts_address_and_port_and_gloo_binds_to_each_nodes_interface()
    {
        var launch = Launch(Mode.ContainerHost);
        var request = new SwarmWorkloadRequest(SwarmWorkloads.OfForeign(launch, ["eth1", "eth2", "eth3"]), "sha256:runtime", WorkloadServices.HostNetwork,
            "secret-id", "secret-name", "/out", ["node-1", "node-2", "node-3"], 10001)
        {
            HostNetworkPeers = ["172.31.250.12:29500", "172.31.250.13:29500", "172.31.250.14:29500"],
        };
        var services = WorkloadServices.Build(request);

        Assert.All(services, s => Assert.Contains("MASTER_ADDR=172.31.250.12", s.Service.TaskTemplate.ContainerSpec.Env));
        Assert.All(services, s => Assert.Contains("MASTER_PORT=29500", s.Service.TaskTemplate.ContainerSpec.Env));
        Assert.Equal(["GLOO_SOCKET_IFNAME=eth1", "GLOO_SOCKET_IFNAME=eth2", "GLOO_SOCKET_IFNAME=eth3"],
            services.Select(s => s.Service.TaskTemplate.ContainerSpec.Env.Single(e => e.StartsWith("GLOO_SOCKET_IFNAME=", StringComparison.Ordinal))));
        Assert.Equal("node.labels.testbed.node==node-2", Assert.Single(services[1].Service.TaskTemplate.Placement.Constraints));
    }

    [Fact]
    public void On_a_node_the_worker_script_runs_the_command_on_the_runtimes_rootfs_with_trainers_read_only_and_the_environment()
    {
        var paths = new NodeWorkerPaths("/var/lib/testbed/rootfs/torch", "/var/lib/testbed/trainers/abc", "/var/lib/testbed/runs/x",
            "/var/lib/testbed/secrets/x", "/var/lib/testbed/work/x");
        var script = NodeWorkerScript.Build("tb-x-0", 0.6, paths, Runtimes.TrainersDirectory, 10001, ["python3", "/opt/trainers/pytorch/thesis_cnn.py"],
            new Dictionary<string, string> { ["RANK"] = "1", ["GLOO_SOCKET_IFNAME"] = "eth0" });

        Assert.Contains("/var/lib/testbed/rootfs/torch/root", script);
        Assert.Contains("/var/lib/testbed/trainers/abc", script);
        Assert.Contains("/opt/trainers", script);
        Assert.Contains("RANK=1", script);
        Assert.Contains("GLOO_SOCKET_IFNAME=eth0", script);
        Assert.Contains("--userspec=10001:10001", script);
        Assert.Contains("60000", script); // the container's CFS quota
    }
}
