namespace Testbed.Orchestration.Docker;

/// <summary>
/// A workload as the Docker adapter sees it: a service name, how many workers with what share,
/// its labels, the data folder to mount and each worker's command line for a given rendezvous.
/// Execution makes it from a launch (<c>SwarmWorkloads.Of</c>), so this adapter knows nothing of
/// plans, experiments or the trainer's flags, and depends on no layer above it.
/// </summary>
public sealed record SwarmWorkload(
    string Name,
    string NetworkAlias,
    int Workers,
    double CpusPerWorker,
    long MemoryMbPerWorker,
    IReadOnlyDictionary<string, string> Labels,
    string? HostDataDirectory,
    int Port,
    string SecretFileName,
    Func<IEnumerable<string>, IReadOnlyList<string>> Arguments)
{
    /// <summary>Set for a foreign trainer: one service per rank runs this command instead of the image's entrypoint, with this environment.</summary>
    public SwarmCommand? Command { get; init; }
}

/// <summary>
/// A foreign trainer's command in a service, launched the torchrun way: its environment per rank,
/// given rank 0's address and port as the service reaches it (its service name on the overlay, its
/// host's address and port on the host's network).
/// </summary>
public sealed record SwarmCommand(IReadOnlyList<string> Command, Func<int, string, int, IReadOnlyDictionary<string, string>> Environment);
