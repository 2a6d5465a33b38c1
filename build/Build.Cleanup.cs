using Testbed.BuildKit;
using Testbed.Orchestration.Runner;

namespace Testbed.Build;

partial class Build
{
    [Parameter("Clean: also remove the cached runtime rootfs and every image the pipeline built.")]
    readonly bool All = false;

    Target Teardown => _ => _
        .Description("Removes everything the pipeline ever created (Docker resources labelled testbed.run, native workers and their cgroups, chroot sessions " +
            "and mounts, virtual nodes; with --cluster <hosts> a run's leftovers on those " +
            "hosts, their run folders collected into --results first). Safe any time.")
        .Requires(() => { if (Cluster.Length > 0) AsUsage(() => RunnerDoor.LoadCluster(RootDirectory, Cluster)); })
        .Executes(async () =>
        {
            await Runner.TeardownAsync(CancellationToken);
            if (Cluster.Length > 0)
            {
                var cluster = AsUsage(() => RunnerDoor.LoadCluster(RootDirectory, Cluster));
                await OnNodes(() => Runner.TeardownHostsAsync(cluster, ResultsDirectory, CancellationToken));
            }
        });

    Target Clean => _ => _
        .Description("Removes build outputs (bin/, obj/, artifacts/); with --all also the cached rootfs, the pipeline's images and the virtual nodes' volumes.")
        .DependsOn(Teardown)
        .Executes(async () =>
        {
            RunnerDoor.RemoveBuildOutputs(Reporter, RootDirectory, ArtifactsDirectory);
            try
            {
                if (All) await Runner.RemoveCachesAsync(CancellationToken);
            }
            catch (InvalidOperationException e)
            {
                throw new BuildFailedException(e.Message);
            }
        });
}
