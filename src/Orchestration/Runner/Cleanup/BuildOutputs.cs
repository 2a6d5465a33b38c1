using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Cleanup;

/// <summary>What Clean removes: build outputs, and with <c>--all</c> the caches that outlive a checkout.</summary>
public static class BuildOutputs
{
    /// <summary>Removes bin/ and obj/ of every project under src/ and tests/, and the artifacts folder; build/bin stays (it is the running build).</summary>
    public static void Remove(IReporter reporter, string repositoryRoot, string artifactsDirectory)
    {
        var outputs = new[] { "src", "tests" }.SelectMany(d => Directory.GetDirectories(Path.Combine(repositoryRoot, d)))
            .SelectMany(p => new[] { Path.Combine(p, "bin"), Path.Combine(p, "obj") })
            .Append(artifactsDirectory)
            .Where(Directory.Exists)
            .ToList();
        outputs.ForEach(d => Directory.Delete(d, recursive: true));
        reporter.Info($"Removed {outputs.Count} output folder(s); build/bin stays (it is this build)");
    }

    /// <summary>Removes the cached rootfs and every image the pipeline built.</summary>
    /// <exception cref="InvalidOperationException">Something is still mounted under the rootfs (Teardown first).</exception>
    public static async Task RemoveCachesAsync(IReporter reporter, string rootfsDirectory, Cluster.VirtualNodeNaming naming, CancellationToken cancellation)
    {
        if (MountTable.Under(rootfsDirectory).Count > 0)
            throw new InvalidOperationException($"Something is still mounted under {rootfsDirectory}; run ./build.sh Teardown first.");
        if (Directory.Exists(rootfsDirectory)) Directory.Delete(rootfsDirectory, recursive: true);
        reporter.Info($"Removed the cached rootfs ({rootfsDirectory})");

        using var engine = new DockerEngine();
        if (!await engine.AnswersAsync(TimeSpan.FromSeconds(5), cancellation)) return;
        var nodes = await Cluster.ClusterProvisioner.RemoveVirtualNodesAsync(engine, reporter, naming, volumes: true, cancellation);
        reporter.Info($"Removed {nodes.Volumes} virtual node volume(s) (their images and copied files)");
        reporter.Info($"Removed {await engine.RemoveImagesAsync(Labels.Image, cancellation)} image(s) labelled {Labels.Image}");
    }
}
