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
    Func<IEnumerable<string>, IReadOnlyList<string>> Arguments);
