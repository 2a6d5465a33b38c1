using System.Globalization;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Monitoring;

namespace Testbed.Orchestration.Execution;

/// <summary>A workload running as plain containers on a bridge network; waits for their exit and removes everything it made.</summary>
internal sealed class BridgeWorkloadRun(DockerEngine engine, WorkloadLaunch launch, Secrets secrets, Monitoring.WorkerMonitor? monitor) : IWorkloadRun
{
    private IReadOnlyList<IWorkerProbe>? _probes;
    private bool _disposed;

    public WorkloadLaunch Launch => launch;
    public Secrets Secrets => secrets;
    public string? NetworkId { get; set; }
    public List<string> Containers { get; } = [];

    /// <summary>Each container's init process on this host (null: it was not running when looked up).</summary>
    public List<int?> Pids { get; } = [];

    public IReadOnlyList<IWorkerProbe> Probes => _probes ??= monitor is null ? [] :
        Pids.Select((pid, rank) => (IWorkerProbe)new SampledWorkerProbe(rank, () => pid is { } p ? (Environment.MachineName, p) : null,
            RunLayout.WorkerRecords(launch.OutputDirectory, rank), monitor)).ToList();

    public async Task<IReadOnlyList<WorkerOutcome>> WaitAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        var exits = new long?[Containers.Count];
        var seen = new DateTimeOffset?[Containers.Count];
        try
        {
            // Each container's exit, awaited on the engine: no polling beside the workers.
            await Task.WhenAll(Containers.Select(async (id, rank) =>
            {
                exits[rank] = await engine.ContainerExitAsync(id, deadline.Token);
                seen[rank] = DateTimeOffset.UtcNow;
            }));
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            // Timed out: the outcomes below say which workers were still running.
        }
        cancellation.ThrowIfCancellationRequested();
        var outcomes = new List<WorkerOutcome>();
        for (var rank = 0; rank < Containers.Count; rank++)
        {
            await File.WriteAllTextAsync(RunLayout.WorkerLog(launch.OutputDirectory, rank), await engine.ContainerLogsAsync(Containers[rank], cancellation),
                cancellation);
            outcomes.Add(exits[rank] is { } code
                ? new WorkerOutcome(rank, Environment.MachineName, (int)code, code == 0 ? null
                    : $"exited with code {code.ToString(CultureInfo.InvariantCulture)}") { ExitSeenUtc = seen[rank] }
                : new WorkerOutcome(rank, Environment.MachineName, null, $"still running after {timeout.TotalSeconds:0} s; stopped"));
        }
        return outcomes;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        // Not cancellable: clean-up must finish even (especially) after Ctrl+C.
        using (var logTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(3)))
        {
            for (var rank = 0; rank < Containers.Count; rank++)
            {
                var log = RunLayout.WorkerLog(launch.OutputDirectory, rank);
                if (!File.Exists(log) && await engine.TryContainerLogsAsync(Containers[rank], logTimeout.Token) is { } text)
                    await File.WriteAllTextAsync(log, text, CancellationToken.None);
            }
        }
        foreach (var id in Containers) await engine.RemoveContainerAsync(id, CancellationToken.None);
        if (NetworkId is not null) await engine.RemoveNetworkAsync(NetworkId, CancellationToken.None);
        secrets.Dispose();
    }
}
