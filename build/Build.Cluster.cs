using Testbed.BuildKit;
using Testbed.Orchestration.Runner;

namespace Testbed.Build;

partial class Build
{
    [Parameter("Cluster to run on: a file in clusters/ (local, virtual-3, virtual-2, or " +
        "your own hosts file) or a path; empty: the one the experiments name, else local.")]
    readonly string Cluster = "";

    [Parameter("Prefix of virtual nodes' containers, volumes and LAN (testbed-node-node-1, ...): another prefix makes a " +
        "virtual cluster of its own beside the default one, e.g. for the fault campaign or a second checkout on one machine.")]
    readonly string NodePrefix = RunnerDoor.DefaultNodePrefix;

    /// <summary>The runner's front door (runs, re-runs, the reference check, the cluster, teardown), with --node-prefix checked (exit 2).</summary>
    RunnerDoor Runner => AsUsage(() => new RunnerDoor(Host, Reporter, NodePrefix, RootDirectory, TrainerPublishDirectory, TrainersDirectory));

    Target ProvisionCluster => _ => _
        .Description("Makes the run's cluster ready: virtual nodes created (or reused while their recipe holds), real " +
            "hosts checked; engine, rootfs, trainer and image on every node, one swarm. Nothing to do for local.")
        .DependsOn(ValidateExperiments, Images, ForeignRuntimes)
        .Executes(async () =>
        {
            var run = AsUsage(() => RunnerDoor.Prepare(RunArguments));
            await OnNodes(() => Runner.ProvisionClusterAsync(run, CancellationToken));
        });
}
