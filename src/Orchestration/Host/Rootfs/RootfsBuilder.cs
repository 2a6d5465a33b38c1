using System.Text.Json;
using Testbed.Orchestration.Processes;

namespace Testbed.Orchestration.Rootfs;

/// <summary>
/// Builds the runtime rootfs with debootstrap into the cache, keyed by the recipe's hash, so a
/// second run finds it and returns at once. A build goes to a partial folder that is renamed
/// only when complete: an interrupted build never leaves a rootfs that looks usable. Builds of one
/// recipe take turns (<see cref="BuildLock"/>); the second finds the first's result cached.
/// </summary>
public sealed class RootfsBuilder(IReporter reporter, string cacheDirectory, string mirror)
{
    public string RootfsDirectory => Path.Combine(cacheDirectory, "rootfs");

    public RootfsImage Locate(RootfsRecipe recipe) => new(recipe.Hash, Path.Combine(RootfsDirectory, recipe.Hash));

    public async Task<RootfsImage> EnsureAsync(RootfsRecipe recipe, CancellationToken cancellation)
    {
        var image = Locate(recipe);
        if (image.IsComplete)
        {
            reporter.Skip($"Runtime rootfs {recipe.Suite}/{recipe.Variant} {image.Hash} is cached at {image.Directory}");
            return image;
        }

        using var turn = await BuildLock.AcquireAsync(image.Directory + ".lock", TimeSpan.FromMinutes(30), reporter.Info, cancellation);
        if (image.IsComplete)
        {
            reporter.Skip($"Runtime rootfs {recipe.Suite}/{recipe.Variant} {image.Hash} was built meanwhile by another build, at {image.Directory}");
            return image;
        }

        await DebianMirror.CheckAsync(mirror, recipe.Suite, TimeSpan.FromSeconds(20), cancellation);
        var partial = new RootfsImage(image.Hash, image.Directory + ".partial");
        if (Directory.Exists(partial.Directory))
        {
            await MountTable.UnmountUnderAsync(partial.Directory, cancellation);
            Directory.Delete(partial.Directory, recursive: true);
        }
        Directory.CreateDirectory(partial.Directory);

        await reporter.ProgressAsync($"debootstrap {recipe.Variant} {recipe.Suite} with {string.Join(", ", recipe.Packages)} ({recipe.ExpectedBuildTime})",
            async update =>
        {
            await ProcessRunner.RunAsync("debootstrap",
                [$"--variant={recipe.Variant}", $"--include={string.Join(',', recipe.Packages)}", recipe.Suite, partial.Root, mirror],
                TimeSpan.FromMinutes(30), cancellation, onLine: update);
            update("adding the unprivileged user");
            await ProcessRunner.RunAsync("chroot",
                [partial.Root, "useradd", "--uid", recipe.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--user-group", "--create-home",
                "--shell", "/bin/bash", recipe.User],
                TimeSpan.FromMinutes(1), cancellation);
            update("recording the package list");
            var packages = await ProcessRunner.RunAsync("chroot", [partial.Root, "dpkg-query", "-W", "-f=${Package}=${Version}\\n"], TimeSpan.FromMinutes(1),
                cancellation);
            var lines = packages.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal);
            await File.WriteAllLinesAsync(partial.PackageList, lines, cancellation);
            // Downloaded .debs and package indexes are not needed at run time and would triple the image.
            foreach (var leftover in new[] { "var/cache/apt/archives", "var/lib/apt/lists" })
            {
                foreach (var file in Directory.EnumerateFiles(Path.Combine(partial.Root, leftover), "*", SearchOption.TopDirectoryOnly))
                    File.Delete(file);
            }
            foreach (var folder in recipe.Prune)
            {
                update($"pruning /{folder}");
                var path = PrunedPath(partial.Root, folder);
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            }

            return true;
        });

        await File.WriteAllTextAsync(partial.RecipeFile, JsonSerializer.Serialize(recipe, new JsonSerializerOptions { WriteIndented = true }), cancellation);
        Directory.Move(partial.Directory, image.Directory);
        reporter.Info($"Runtime rootfs {image.Hash} built at " +
            $"{image.Directory} ({File.ReadAllLines(image.PackageList).Length} packages, list in {image.PackageList})");
        return image;
    }

    /// <summary>A pruned folder inside the root, never the root itself nor anything outside it.</summary>
    internal static string PrunedPath(string root, string folder)
    {
        var rootPath = Path.GetFullPath(root);
        var path = Path.GetFullPath(Path.Combine(rootPath, folder));
        if (Path.IsPathRooted(folder) || !path.StartsWith(rootPath + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"The recipe prunes '{folder}', which is not a folder inside the rootfs; give paths relative to its root.");
        return path;
    }
}
