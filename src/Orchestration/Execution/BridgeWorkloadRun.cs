using System.Globalization;
using Testbed.Orchestration.Docker;

namespace Testbed.Orchestration.Execution;

/// <summary>A workload running as plain containers on a bridge network; waits for their exit and removes everything it made.</summary>
internal sealed class BridgeWorkloadRun(DockerEngine engine, WorkloadLaunch launch, Secrets secrets) : IWorkloadRun
{
    private readonly CancellationTokenSource _lifetime = new();
    private IReadOnlyList<ContainerProbe>? _probes;
    private bool _disposed;

    public WorkloadLaunch Launch => launch;
    public Secrets Secrets => secrets;
    public string? NetworkId { get; set; }
    public List<string> Containers { get; } = [];

    public IReadOnlyList<IWorkerProbe> Probes => _probes ??=
        Containers.Select((id, rank) => new ContainerProbe(rank, () => (id, Environment.MachineName, engine), RunLayout.WorkerRecords(launch.OutputDirectory, rank), _lifetime.Token)).ToList();

    public async Task<IReadOnlyList<WorkerOutcome>> WaitAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        var exits = new long?[Containers.Count];
        while (true)
        {
            for (var rank = 0; rank < Containers.Count; rank++) exits[rank] ??= await engine.ExitCodeAsync(Containers[rank], cancellation);
            if (exits.All(e => e is not null) || DateTime.UtcNow > deadline) break;
            await Task.Delay(500, cancellation);
        }
        var outcomes = new List<WorkerOutcome>();
        for (var rank = 0; rank < Containers.Count; rank++)
        {
            await File.WriteAllTextAsync(RunLayout.WorkerLog(launch.OutputDirectory, rank), await engine.ContainerLogsAsync(Containers[rank], cancellation), cancellation);
            outcomes.Add(exits[rank] is { } code
                ? new WorkerOutcome(rank, Environment.MachineName, (int)code, code == 0 ? null : $"exited with code {code.ToString(CultureInfo.InvariantCulture)}")
                : new WorkerOutcome(rank, Environment.MachineName, null, $"still running after {timeout.TotalSeconds:0} s; stopped"));
        }
        return outcomes;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        // Not cancellable: clean-up must finish even (especially) after Ctrl+C.
        await _lifetime.CancelAsync();
        using (var logTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(3)))
        {
            for (var rank = 0; rank < Containers.Count; rank++)
            {
                var log = RunLayout.WorkerLog(launch.OutputDirectory, rank);
                if (!File.Exists(log) && await engine.TryContainerLogsAsync(Containers[rank], logTimeout.Token) is { } text)
                    await File.WriteAllTextAsync(log, text, CancellationToken.None);
            }
        }
        if (_probes is not null) await Task.WhenAll(_probes.Select(p => p.Stopped));
        foreach (var id in Containers) await engine.RemoveContainerAsync(id, CancellationToken.None);
        if (NetworkId is not null) await engine.RemoveNetworkAsync(NetworkId, CancellationToken.None);
        secrets.Dispose();
        _lifetime.Dispose();
    }
}
