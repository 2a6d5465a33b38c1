namespace Testbed.Orchestration.Cluster;

/// <summary>
/// Where the pipeline keeps its files on every node (virtual or real): the runtime rootfs and the
/// published trainer, each in a folder named by its hash beside a marker written only once the
/// copy is complete, so an interrupted copy is never taken for a finished one.
/// </summary>
public static class NodeLayout
{
    public const string Root = "/var/lib/testbed";

    /// <summary>Like the host's cache: root/ (the filesystem), packages.txt and recipe.json.</summary>
    public static string Rootfs(string hash) => $"{Root}/rootfs/{hash}";

    /// <summary>The self-contained trainer as published (testbed-trainer and its libraries).</summary>
    public static string Trainer(string hash) => $"{Root}/trainer/{hash}";

    /// <summary>A copy of the repository's trainers/ folder (foreign trainers), by its content hash.</summary>
    public static string Trainers(string hash) => $"{Root}/trainers/{hash}";

    public static string CompleteMarker(string directory) => directory + ".complete";
}
