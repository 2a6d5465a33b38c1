namespace Testbed.Orchestration.Rootfs;

/// <summary>A built, cached runtime rootfs: the filesystem and, beside it, its package list.</summary>
public sealed record RootfsImage(string Hash, string Directory)
{
    /// <summary>The root filesystem itself (what chroot and docker import see).</summary>
    public string Root => Path.Combine(Directory, "root");

    /// <summary>Installed packages as name=version, one per line, sorted.</summary>
    public string PackageList => Path.Combine(Directory, "packages.txt");

    public string RecipeFile => Path.Combine(Directory, "recipe.json");

    public bool IsComplete => System.IO.Directory.Exists(Root) && File.Exists(PackageList) && File.Exists(RecipeFile);
}
