using Testbed.BuildKit;
using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Images;

namespace Testbed.Build;

partial class Build
{
    [Parameter("Cluster to run on: a file in clusters/ (local, virtual-3, virtual-2, or your own hosts file) or a path; empty: the one the experiments name, else local.")]
    readonly string Cluster = "";

    [Parameter("Prefix of virtual nodes' containers, volumes and LAN (testbed-node-node-1, ...): another prefix makes a virtual cluster of its own beside the default one, e.g. for the fault campaign or a second checkout on one machine.")]
    readonly string NodePrefix = VirtualNodeNaming.Default.Prefix;

    VirtualNodeNaming Naming => System.Text.RegularExpressions.Regex.IsMatch(NodePrefix, "^[a-z][a-z0-9-]{0,19}$")
        ? new VirtualNodeNaming(NodePrefix)
        : throw new UsageException($"--node-prefix is '{NodePrefix}'; expected 1-20 characters of a-z, 0-9 and '-', starting with a letter (it names containers, volumes and a network).");

    Target ProvisionCluster => _ => _
        .Description("Makes the run's cluster ready: virtual nodes created (or reused while their recipe holds), real hosts checked; engine, rootfs, trainer and image on every node, one swarm. Nothing to do for local.")
        .DependsOn(ValidateExperiments, Images, ForeignRuntimes)
        .Executes(async () =>
        {
            var run = Prepare();
            if (run.Cluster.Kind == ClusterKind.Local)
            {
                Reporter.Skip("Cluster local: this host's engine and one-node swarm (ProvisionHost made them)");
                return;
            }
            using var engine = new DockerEngine();
            await OnNodes(async () =>
            {
                await using var cluster = await new ClusterProvisioner(engine, Reporter, new ClusterSettings(CacheDir, Naming))
                    .EnsureAsync(run.Cluster, RootfsBuilder.Locate(Recipe), TrainerImage.Load(ArtifactsDirectory), TrainerPublishDirectory, CancellationToken, ForeignRuntimeInputs());
                Reporter.Info($"Cluster {run.Cluster.Name} ready in {cluster.Timings}: {string.Join(", ", cluster.Nodes.Select(n => $"{n.Name} {n.Address}"))}");
            });
        });
}
