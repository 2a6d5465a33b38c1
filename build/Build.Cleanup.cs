using Testbed.BuildKit;
using Testbed.Orchestration;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Rootfs;

namespace Testbed.Build;

partial class Build
{
    [Parameter("Clean: also remove the cached runtime rootfs and every image the pipeline built.")]
    readonly bool All = false;

    Target Teardown => _ => _
        .Description("Removes everything the pipeline ever created (Docker resources labelled testbed.run, native workers and their cgroups, chroot sessions and mounts). Safe any time.")
        .Executes(async () =>
        {
            // Native workers first (they hold the chroot sessions' mounts), then the mounts, then Docker.
            Reporter.Info($"Removed {await Orchestration.Execution.CpuCgroup.RemoveLeftoversAsync()} leftover native worker cgroup(s) and their processes");
            var unmounted = await MountTable.UnmountUnderAsync(SessionsDirectory, CancellationToken);
            if (Directory.Exists(SessionsDirectory) && MountTable.Under(SessionsDirectory).Count == 0)
                Directory.Delete(SessionsDirectory, recursive: true);
            Reporter.Info($"Unmounted {unmounted} leftover mount(s) of chroot sessions");

            using var engine = new DockerEngine();
            if (!await engine.AnswersAsync(TimeSpan.FromSeconds(5), CancellationToken))
            {
                Reporter.Skip($"No Docker engine answers at {engine.Endpoint}: nothing to remove there");
                return;
            }
            var removed = await engine.RemoveLabelledAsync(Labels.Run, CancellationToken);
            Reporter.Info($"Removed {removed} labelled {Labels.Run}");
        });

    Target Clean => _ => _
        .Description("Removes build outputs (bin/, obj/, artifacts/); with --all also the cached rootfs and the pipeline's images.")
        .DependsOn(Teardown)
        .Executes(async () =>
        {
            var outputs = new[] { "src", "tests" }.SelectMany(d => Directory.GetDirectories(RootDirectory / d))
                .SelectMany(p => new[] { Path.Combine(p, "bin"), Path.Combine(p, "obj") })
                .Append(ArtifactsDirectory)
                .Where(Directory.Exists)
                .ToList();
            outputs.ForEach(d => Directory.Delete(d, recursive: true));
            Reporter.Info($"Removed {outputs.Count} output folder(s); build/bin stays (it is this build)");
            if (!All) return;

            var rootfs = RootfsBuilder.RootfsDirectory;
            if (MountTable.Under(rootfs).Count > 0)
                throw new BuildFailedException($"Something is still mounted under {rootfs}; run ./build.sh Teardown first.");
            if (Directory.Exists(rootfs)) Directory.Delete(rootfs, recursive: true);
            Reporter.Info($"Removed the cached rootfs ({rootfs})");

            using var engine = new DockerEngine();
            if (await engine.AnswersAsync(TimeSpan.FromSeconds(5), CancellationToken))
                Reporter.Info($"Removed {await engine.RemoveImagesAsync(Labels.Image, CancellationToken)} image(s) labelled {Labels.Image}");
        });
}
