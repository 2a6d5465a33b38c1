using System.Collections.Concurrent;
using Testbed.Orchestration.Docker;

namespace Testbed.Orchestration.Execution;

/// <summary>A workload running as Swarm services; waits by task state and removes everything it made.</summary>
internal sealed class ContainerWorkloadRun(ISwarmTarget swarm, WorkloadLaunch launch) : IWorkloadRun
{
    private readonly ConcurrentDictionary<int, (string ContainerId, string Node, DockerEngine Engine)> _workers = new();
    private readonly CancellationTokenSource _lifetime = new();
    private IReadOnlyList<ContainerProbe>? _probes;
    private readonly HashSet<int> _logsSaved = [];
    private Task _mirror = Task.CompletedTask;
    private bool _disposed;

    public WorkloadLaunch Launch => launch;
    public string? NetworkId { get; set; }
    public string? SecretId { get; set; }
    public IReadOnlyList<string> ServiceIds { get; set; } = [];
    public bool PerWorkerServices { get; set; }
    public bool FilesPrepared { get; set; }

    public IReadOnlyList<string> Leftovers { get; private set; } = [];

    public IReadOnlyList<IWorkerProbe> Probes => _probes ??=
        Enumerable.Range(0, launch.Workload.Workers).Select(rank => new ContainerProbe(rank, () => _workers.TryGetValue(rank, out var w) ? w : null, RunLayout.WorkerRecords(launch.OutputDirectory, rank), _lifetime.Token)).ToList();

    /// <summary>Keeps the run folder's copy of the records current while the workers run (progress, monitoring).</summary>
    public void StartMirroring() => _mirror = WorkerFilesMirror.RunAsync(swarm.Files, launch, _lifetime.Token);

    public async Task<IReadOnlyList<WorkerOutcome>> WaitAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        var tasks = new Dictionary<int, SwarmTask>();
        while (true)
        {
            tasks = await CurrentTasksAsync(cancellation);
            if (tasks.Count == launch.Workload.Workers && tasks.Values.All(t => t.IsFinal)) break;
            if (DateTime.UtcNow > deadline) break;
            // Task state is polled: the engine's event stream does not carry task exit codes in API 1.41.
            await Task.Delay(500, cancellation);
        }

        var outcomes = new List<WorkerOutcome>();
        for (var rank = 0; rank < launch.Workload.Workers; rank++)
        {
            if (!tasks.TryGetValue(rank, out var task))
            {
                outcomes.Add(new WorkerOutcome(rank, "", null, "no task was scheduled for this worker (not enough CPU or memory on the swarm's nodes?)"));
                continue;
            }
            var node = await swarm.NodeNameAsync(task.NodeId, cancellation);
            if (task.ContainerId is not null) await SaveLogAsync(rank, task.ContainerId, swarm.EngineOf(task.NodeId), cancellation);
            var error = !task.IsFinal ? $"still {task.State} after {timeout.TotalSeconds:0} s; stopped"
                : task.State != "complete" ? $"task {task.State}{(task.Error is null ? "" : ": " + task.Error)}"
                : null;
            outcomes.Add(new WorkerOutcome(rank, node, task.ExitCode is null ? null : (int)task.ExitCode, error));
        }
        return outcomes;
    }

    private async Task SaveLogAsync(int rank, string containerId, DockerEngine engine, CancellationToken cancellation)
    {
        await File.WriteAllTextAsync(RunLayout.WorkerLog(launch.OutputDirectory, rank), await engine.ContainerLogsAsync(containerId, cancellation), cancellation);
        _logsSaved.Add(rank);
    }

    private async Task<Dictionary<int, SwarmTask>> CurrentTasksAsync(CancellationToken cancellation)
    {
        var byRank = new Dictionary<int, SwarmTask>();
        for (var i = 0; i < ServiceIds.Count; i++)
        {
            foreach (var task in await swarm.Manager.TasksOfAsync(ServiceIds[i], cancellation))
            {
                var rank = PerWorkerServices ? i : (int)task.Slot - 1;
                byRank[rank] = task;
                if (task.ContainerId is not null && !_workers.ContainsKey(rank))
                    _workers[rank] = (task.ContainerId, await swarm.NodeNameAsync(task.NodeId, cancellation), swarm.EngineOf(task.NodeId));
            }
        }
        return byRank;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        // Not cancellable: clean-up must finish even (especially) after Ctrl+C.
        await _lifetime.CancelAsync();
        await _mirror;
        // Interrupted before the workers ended: keep what they printed (a few seconds at most).
        using (var logTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(3)))
        {
            foreach (var (rank, worker) in _workers.Where(w => !_logsSaved.Contains(w.Key)))
            {
                if (await worker.Engine.TryContainerLogsAsync(worker.ContainerId, logTimeout.Token) is { } log)
                    await File.WriteAllTextAsync(RunLayout.WorkerLog(launch.OutputDirectory, rank), log, CancellationToken.None);
            }
        }
        if (_probes is not null) await Task.WhenAll(_probes.Select(p => p.Stopped));
        _lifetime.Dispose();
        foreach (var id in ServiceIds) await swarm.Manager.RemoveServiceAsync(id, CancellationToken.None);
        if (FilesPrepared) Leftovers = await swarm.Files.CollectAsync(launch);
        if (NetworkId is not null) await swarm.Manager.RemoveNetworkAsync(NetworkId, CancellationToken.None);
        if (SecretId is not null) await swarm.Manager.RemoveSecretAsync(SecretId, CancellationToken.None);
    }
}
