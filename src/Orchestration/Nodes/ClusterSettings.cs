namespace Testbed.Orchestration.Cluster;

/// <summary>Where the provisioner keeps its state and how long it waits.</summary>
/// <param name="CacheDirectory">The pipeline's cache (the virtual nodes' SSH keys go to cluster/ssh/ under it).</param>
/// <param name="Naming">Names of virtual nodes' resources; tests use their own prefix.</param>
public sealed record ClusterSettings(string CacheDirectory, VirtualNodeNaming Naming)
{
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan EngineTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan SwarmTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public string KeysDirectory => Path.Combine(CacheDirectory, "cluster", "ssh");
}
