namespace Testbed.Orchestration.Docker;

/// <summary>
/// A workload as Swarm services, in the project's terms. <see cref="WorkerNodes"/> (logical node
/// per rank, or null) decides the layout: null = one replicated service (ranks from task slots,
/// peers found through <c>tasks.&lt;service&gt;</c>); set = one service per worker pinned to the
/// node labelled <c>testbed.node=&lt;name&gt;</c>, peers named statically.
/// </summary>
public sealed record SwarmWorkloadRequest(
    SwarmWorkload Workload,
    string Image,
    string NetworkId,
    string SecretId,
    string SecretName,
    string HostOutputDirectory,
    IReadOnlyList<string>? WorkerNodes,
    int UserId)
{
    /// <summary>
    /// Set for container-host: the services join the host's network (no overlay, no Swarm DNS) and
    /// each worker listens on its own address and port there, "address:port" per rank; one service
    /// per worker, pinned to its node when <see cref="WorkerNodes"/> is set.
    /// </summary>
    public IReadOnlyList<string>? HostNetworkPeers { get; init; }
}
