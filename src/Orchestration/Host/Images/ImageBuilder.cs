using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Processes;
using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Images;

/// <summary>
/// Builds the trainer image in three layers, each tagged by the hash of what it holds, so an
/// unchanged layer is never rebuilt: the imported runtime rootfs (base), the trainer's
/// dependencies (libtorch, the .NET runtime: hundreds of MB, rarely changing) and the trainer's
/// own assemblies (a few hundred KB: a code change rebuilds only this layer, in seconds).
/// </summary>
public sealed class ImageBuilder(IReporter reporter, DockerEngine engine, string workDirectory)
{
    public async Task<TrainerImage> EnsureAsync(RootfsImage rootfs, RootfsRecipe recipe, string publishDirectory, CancellationToken cancellation)
    {
        var baseTag = $"testbed/base:{rootfs.Hash}";
        await EnsureBaseAsync(rootfs, baseTag, cancellation);

        var files = Directory.EnumerateFiles(publishDirectory, "*", SearchOption.AllDirectories).ToList();
        var appFiles = files.Where(IsApplicationFile).ToList();
        var depsFiles = files.Except(appFiles).ToList();
        if (appFiles.Count == 0)
            throw new InvalidOperationException($"{publishDirectory} holds no testbed-trainer files: publish the trainer first (./build.sh PublishTrainer).");

        var depsHash = ContentHash.Of(publishDirectory, depsFiles, baseTag);
        var depsTag = $"testbed/trainer-deps:{depsHash}";
        await EnsureLayerAsync(depsTag, $"FROM {baseTag}\nCOPY trainer/ {TrainerImage.InstallDirectory}/\n", publishDirectory, depsFiles, "trainer-deps",
            depsHash, cancellation);

        var contentHash = ContentHash.Of(publishDirectory, appFiles, depsTag);
        var tag = $"{TrainerImage.Repository}:{contentHash}";
        var dockerfile = string.Join('\n',
            $"FROM {depsTag}",
            $"COPY trainer/ {TrainerImage.InstallDirectory}/",
            // Non-root: a worker needs nothing the testbed user cannot do.
            $"USER {recipe.User}",
            $"ENV HOME=/home/{recipe.User} DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 LANG=C.UTF-8",
            $"WORKDIR /home/{recipe.User}",
            $"ENTRYPOINT [\"{TrainerImage.Executable}\"]",
            "");
        await EnsureLayerAsync(tag, dockerfile, publishDirectory, appFiles, "trainer", contentHash, cancellation);
        await engine.TagAsync(tag, TrainerImage.Repository, "latest", cancellation);

        var id = await engine.ImageIdAsync(tag, cancellation) ?? throw new InvalidOperationException($"The engine lost {tag} right after building it.");
        var image = new TrainerImage(tag, id, baseTag, depsTag, contentHash);
        image.Save(workDirectory);
        reporter.Info($"{tag} (also {TrainerImage.LatestTag}) is image {id[..19]}");
        return image;
    }

    /// <summary>
    /// A foreign trainer's runtime image: the runtime rootfs imported as its base (as ours is), and
    /// trainers/ copied to /opt/trainers on top, run as the rootfs's unprivileged user with no
    /// entrypoint (each service names its command). Rebuilt only when trainers/ or the rootfs changes.
    /// </summary>
    public async Task<RuntimeImage> EnsureRuntimeAsync(string runtime, RootfsImage rootfs, RootfsRecipe recipe, string trainersDirectory,
        CancellationToken cancellation)
    {
        var baseTag = $"testbed/base:{rootfs.Hash}";
        await EnsureBaseAsync(rootfs, baseTag, cancellation);
        var files = Directory.EnumerateFiles(trainersDirectory, "*", SearchOption.AllDirectories).Where(f =>
            !f.Contains("__pycache__", StringComparison.Ordinal)).ToList();
        var contentHash = ContentHash.Of(trainersDirectory, files, baseTag);
        var repository = $"testbed/runtime-{runtime}";
        var tag = $"{repository}:{contentHash}";
        var dockerfile = string.Join('\n',
            $"FROM {baseTag}",
            "COPY trainer/ /opt/trainers/",
            $"USER {recipe.User}",
            $"ENV HOME=/home/{recipe.User} LANG=C.UTF-8 PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1",
            $"WORKDIR /home/{recipe.User}",
            "");
        await EnsureLayerAsync(tag, dockerfile, trainersDirectory, files, $"runtime-{runtime}", contentHash, cancellation);
        var id = await engine.ImageIdAsync(tag, cancellation) ?? throw new InvalidOperationException($"The engine lost {tag} right after building it.");
        var image = new RuntimeImage(runtime, tag, id, baseTag, contentHash);
        image.Save(workDirectory);
        reporter.Info($"{tag} is image {id[..19]}");
        return image;
    }

    /// <summary>The trainer's own assemblies: everything else in the publish folder is a dependency.</summary>
    public static bool IsApplicationFile(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith("testbed-trainer", StringComparison.Ordinal) || name.StartsWith("Testbed.", StringComparison.Ordinal);
    }

    private async Task EnsureBaseAsync(RootfsImage rootfs, string baseTag, CancellationToken cancellation)
    {
        if (await engine.ImageIdAsync(baseTag, cancellation) is not null)
        {
            reporter.Skip($"{baseTag} exists");
            return;
        }
        if (MountTable.Under(rootfs.Root).Count > 0)
        {
            throw new InvalidOperationException($"Something is mounted under {rootfs.Root}; " +
                $"importing it would copy the mounted files. Run ./build.sh Teardown, then again.");
        }

        await reporter.ProgressAsync($"Importing the runtime rootfs as {baseTag}", async update =>
        {
            // GNU tar keeps device nodes, owners and modes exactly; its output streams into the API.
            var start = new System.Diagnostics.ProcessStartInfo("tar") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[] { "-C", rootfs.Root, "--numeric-owner", "-cf", "-", "." }) start.ArgumentList.Add(argument);
            using var tar = System.Diagnostics.Process.Start(start) ?? throw new ProcessFailedException("Could not start tar.");
            try
            {
                await engine.ImportAsync(tar.StandardOutput.BaseStream, "testbed/base", rootfs.Hash,
                    [$"LABEL {Labels.Image}=base {Labels.Content}={rootfs.Hash}", "ENV LANG=C.UTF-8 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1"], update,
                        cancellation);
            }
            finally
            {
                if (!tar.HasExited) tar.Kill();
                await tar.WaitForExitAsync(CancellationToken.None);
            }
            return true;
        });
        reporter.Info($"Imported {baseTag}");
    }

    private async Task EnsureLayerAsync(string tag, string dockerfile, string root, IReadOnlyList<string> files, string kind, string hash,
        CancellationToken cancellation)
    {
        if (await engine.ImageIdAsync(tag, cancellation) is not null)
        {
            reporter.Skip($"{tag} exists (content unchanged)");
            return;
        }
        var context = Path.Combine(workDirectory, $"{kind}-context.tar");
        try
        {
            await reporter.ProgressAsync($"Building {tag} ({files.Count} files)", async update =>
            {
                update("writing the build context");
                await BuildContext.WriteAsync(context, dockerfile, root, files, "trainer", cancellation);
                await using var stream = File.OpenRead(context);
                await engine.BuildAsync(stream, [tag], new Dictionary<string, string> { [Labels.Image] = kind, [Labels.Content] = hash }, update, cancellation);
                return true;
            });
        }
        finally
        {
            File.Delete(context);
        }
        reporter.Info($"Built {tag}");
    }
}
