using Testbed.BuildKit;
using Testbed.Orchestration.Cleanup;

namespace Testbed.Build;

partial class Build
{
    [Parameter("Clean: also remove the cached runtime rootfs and every image the pipeline built.")]
    readonly bool All = false;

    Target Teardown => _ => _
        .Description("Removes everything the pipeline ever created (Docker resources labelled testbed.run, native workers and their cgroups, chroot sessions and mounts). Safe any time.")
        .Executes(() => Orchestration.Cleanup.Teardown.RunAsync(Reporter, SessionsDirectory, CancellationToken));

    Target Clean => _ => _
        .Description("Removes build outputs (bin/, obj/, artifacts/); with --all also the cached rootfs and the pipeline's images.")
        .DependsOn(Teardown)
        .Executes(async () =>
        {
            BuildOutputs.Remove(Reporter, RootDirectory, ArtifactsDirectory);
            try
            {
                if (All) await BuildOutputs.RemoveCachesAsync(Reporter, RootfsBuilder.RootfsDirectory, CancellationToken);
            }
            catch (InvalidOperationException e)
            {
                throw new BuildFailedException(e.Message);
            }
        });
}
