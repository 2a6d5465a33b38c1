using System.Globalization;
using Testbed.Orchestration.Processes;

namespace Testbed.Orchestration.Execution;

/// <summary>Workers on this host write straight into the run folder.</summary>
public sealed class LocalWorkerFiles(int userId) : IWorkerFiles
{
    public async Task<string> PrepareAsync(WorkloadLaunch launch, IReadOnlyCollection<string> nodes, CancellationToken cancellation)
    {
        Directory.CreateDirectory(launch.OutputDirectory);
        // The trainer runs as the unprivileged user: it must be able to write its records there.
        var owner = userId.ToString(CultureInfo.InvariantCulture);
        await ProcessRunner.RunAsync("chown", [$"{owner}:{owner}", launch.OutputDirectory], TimeSpan.FromSeconds(10), cancellation);
        return launch.OutputDirectory;
    }

    public IReadOnlyList<(int Rank, string Node, string Path)> RecordsOnNodes(WorkloadLaunch launch) => [];

    public Task<IReadOnlyList<string>> CollectAsync(WorkloadLaunch launch, IReadOnlyCollection<string>? keepOn = null, IReadOnlyDictionary<string,
        string>? unreachable = null) => Task.FromResult<IReadOnlyList<string>>([]);
}
