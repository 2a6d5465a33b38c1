using Testbed.BuildKit;
using Testbed.Orchestration.Cleanup;
using Testbed.Orchestration.Cluster;

namespace Testbed.Build;

partial class Build
{
    [Parameter("Clean: also remove the cached runtime rootfs and every image the pipeline built.")]
    readonly bool All = false;

    Target Teardown => _ => _
        .Description("Removes everything the pipeline ever created (Docker resources labelled testbed.run, native workers and their cgroups, chroot sessions and mounts, virtual nodes; with --cluster <hosts> a run's leftovers on those hosts, their run folders collected into --results first). Safe any time.")
        .Requires(() => { if (Cluster.Length > 0) LoadCluster(); })
        .Executes(async () =>
        {
            await Orchestration.Cleanup.Teardown.RunAsync(Reporter, SessionsDirectory, Naming, CancellationToken);
            if (Cluster.Length > 0 && LoadCluster() is { Kind: ClusterKind.Hosts } hosts)
                await OnNodes(() => HostsTeardown.RunAsync(hosts, ResultsDirectory, Reporter, CancellationToken));
        });

    ClusterDefinition LoadCluster()
    {
        try
        {
            return ClusterLoader.Load(RootDirectory / "clusters", Cluster, MachineLimits.OfThisMachine());
        }
        catch (ClusterValidationException e)
        {
            throw new UsageException(e.Message);
        }
    }

    Target Clean => _ => _
        .Description("Removes build outputs (bin/, obj/, artifacts/); with --all also the cached rootfs, the pipeline's images and the virtual nodes' volumes.")
        .DependsOn(Teardown)
        .Executes(async () =>
        {
            BuildOutputs.Remove(Reporter, RootDirectory, ArtifactsDirectory);
            try
            {
                if (All) await BuildOutputs.RemoveCachesAsync(Reporter, RootfsBuilder.RootfsDirectory, Naming, CancellationToken);
            }
            catch (InvalidOperationException e)
            {
                throw new BuildFailedException(e.Message);
            }
        });
}
