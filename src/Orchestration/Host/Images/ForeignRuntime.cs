using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Images;

/// <summary>
/// Where a foreign trainer's runtime is (issue 25): the root filesystem native workers chroot into,
/// the image its containers run (made from that rootfs with trainers/ copied in; services name it
/// by id), and the trainers/ folder native workers get mounted read-only at /opt/trainers.
/// </summary>
public sealed record ForeignRuntime(string Name, RootfsImage Rootfs, RuntimeImage Image, string TrainersDirectory)
{
    /// <summary>The hash trainers/ is kept under on nodes: its files' paths and contents.</summary>
    public string TrainersHash => ContentHash.Of(TrainersDirectory, Directory.EnumerateFiles(TrainersDirectory, "*", SearchOption.AllDirectories)
        .Where(f => !f.Contains("__pycache__", StringComparison.Ordinal)));

    /// <summary>Services name it by id: an engine then never asks a registry for it.</summary>
    public string ServiceImage => Image.Id.StartsWith("sha256:", StringComparison.Ordinal) ? Image.Id : Image.Tag;
}

/// <summary>The foreign runtimes a run has, by name (empty when it runs our trainer only).</summary>
public sealed record ForeignRuntimes(IReadOnlyDictionary<string, ForeignRuntime> ByName)
{
    public static ForeignRuntimes None { get; } = new(new Dictionary<string, ForeignRuntime>());

    /// <summary>The runtimes <paramref name="names"/> from what the build left: each rootfs in the cache, each image's record in <paramref
    /// name="artifactsDirectory"/>.</summary>
    public static ForeignRuntimes Load(IEnumerable<string> names, Func<RootfsRecipe, RootfsImage> locate, string artifactsDirectory,
        string trainersDirectory) =>
        new(names.Distinct().ToDictionary(name => name, name =>
            new ForeignRuntime(name, locate(RootfsRecipe.OfRuntime(name)), RuntimeImage.Load(artifactsDirectory, name), trainersDirectory)));

    public ForeignRuntime Of(string runtime, string workload) =>
        ByName.TryGetValue(runtime, out var found)
            ? found
            : throw new InvalidOperationException($"Workload {workload} needs the {runtime} runtime, " +
                $"which this run did not prepare (the build's ForeignRuntimes target makes it).");
}
