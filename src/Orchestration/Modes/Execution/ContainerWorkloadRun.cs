using System.Collections.Concurrent;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Monitoring;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// A workload running as Swarm services. The manager's task list is read until every worker has a
/// container; from then on each container's exit is awaited on its own engine (one request held
/// open, no polling), so the end is seen when it happens and the manager node does no extra work
/// while the workers train. Disposing removes everything it made.
/// </summary>
internal sealed class ContainerWorkloadRun(ISwarmTarget swarm, WorkloadLaunch launch, WorkerMonitor? monitor, bool ownNetwork) : IWorkloadRun
{
    private readonly ConcurrentDictionary<int, TaskContainer> _workers = new();
    private readonly CancellationTokenSource _lifetime = new();
    private IReadOnlyList<IWorkerProbe>? _probes;
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

    public IReadOnlyList<IWorkerProbe> Probes => _probes ??= monitor is null ? [] :
        Enumerable.Range(0, launch.Workload.Workers).Select(rank => (IWorkerProbe)new SampledWorkerProbe(rank,
            () => _workers.TryGetValue(rank, out var w) && w.Pid is { } pid ? (w.Node, pid) : null,
            RunLayout.WorkerRecords(launch.OutputDirectory, rank), monitor)).ToList();

    /// <summary>Keeps the run folder's copy of the records current while the workers run (progress, monitoring).</summary>
    public void StartMirroring() => _mirror = WorkerFilesMirror.RunAsync(swarm.Files, launch, monitor, _lifetime.Token);

    public async Task<IReadOnlyList<WorkerOutcome>> WaitAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        var tasks = new Dictionary<int, SwarmTask>();
        var exits = new ConcurrentDictionary<int, long>();
        var seen = new ConcurrentDictionary<int, DateTimeOffset>();
        try
        {
            // Until each worker's container runs, or its task ended (not schedulable, or a crash at start).
            while (true)
            {
                tasks = await CurrentTasksAsync(deadline.Token);
                if (Ranks.All(r => _workers.TryGetValue(r, out var w) && w.Pid is not null || (tasks.TryGetValue(r, out var t) && t.IsFinal))) break;
                // Task state is polled while containers are being made: API 1.41's events carry no task states.
                await Task.Delay(500, deadline.Token);
            }
            await Task.WhenAll(_workers.Select(async w =>
            {
                if (await ExitOfAsync(w.Value, deadline.Token) is { } code) exits[w.Key] = code;
                seen[w.Key] = DateTimeOffset.UtcNow;
            }));
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            // Timed out: the outcomes below say which workers were still running.
        }
        cancellation.ThrowIfCancellationRequested();
        tasks = await CurrentTasksAsync(cancellation);

        var outcomes = new List<WorkerOutcome>();
        foreach (var rank in Ranks)
        {
            if (!tasks.TryGetValue(rank, out var task))
            {
                outcomes.Add(new WorkerOutcome(rank, "", null, "no task was scheduled for this worker (not enough CPU or memory on the swarm's nodes?)"));
                continue;
            }
            var node = await swarm.NodeNameAsync(task.NodeId, cancellation);
            if (task.ContainerId is not null) await SaveLogAsync(rank, task.ContainerId, swarm.EngineOf(task.NodeId), cancellation);
            var code = exits.TryGetValue(rank, out var exited) ? exited : task.ExitCode;
            var error = exits.ContainsKey(rank) ? (code == 0 ? null : $"exited with code {code}{(task.Error is null ? "" : ": " + task.Error)}")
                : !task.IsFinal ? $"still {task.State} after {timeout.TotalSeconds:0} s; stopped"
                : task.State != "complete" ? $"task {task.State}{(task.Error is null ? "" : ": " + task.Error)}"
                : null;
            outcomes.Add(new WorkerOutcome(rank, node, code is null ? null : (int)code, error) { ExitSeenUtc = seen.TryGetValue(rank, out var at) ? at
                : null });
        }
        return outcomes;
    }

    private IEnumerable<int> Ranks => Enumerable.Range(0, launch.Workload.Workers);

    /// <summary>The container's exit code from its own engine; null when the container is already gone (the task's state says the rest).</summary>
    private static async Task<long?> ExitOfAsync(TaskContainer container, CancellationToken cancellation)
    {
        try
        {
            return await container.Engine.ContainerExitAsync(container.Id, cancellation);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return null;
        }
    }

    private async Task SaveLogAsync(int rank, string containerId, DockerEngine engine, CancellationToken cancellation)
    {
        await File.WriteAllTextAsync(RunLayout.WorkerLog(launch.OutputDirectory, rank), await engine.ContainerLogsAsync(containerId, cancellation),
            cancellation);
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
                if (task.ContainerId is not null && !(_workers.TryGetValue(rank, out var known) && known.Pid is not null))
                {
                    await FoundAsync(rank, task, cancellation);
                }
            }
        }
        return byRank;
    }

    /// <summary>A worker's container exists: remember where, and have the sampler on its node watch its process.</summary>
    private async Task FoundAsync(int rank, SwarmTask task, CancellationToken cancellation)
    {
        var engine = swarm.EngineOf(task.NodeId);
        var node = await swarm.NodeNameAsync(task.NodeId, cancellation);
        var pid = await engine.ContainerPidAsync(task.ContainerId!, cancellation);
        _workers[rank] = new TaskContainer(task.ContainerId!, node, engine, pid);
        if (pid is { } p && monitor?.Current is { } sampling) await sampling.WatchAsync(node, p, ownNetwork, cancellation);
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
                if (await worker.Engine.TryContainerLogsAsync(worker.Id, logTimeout.Token) is { } log)
                    await File.WriteAllTextAsync(RunLayout.WorkerLog(launch.OutputDirectory, rank), log, CancellationToken.None);
            }
        }
        _lifetime.Dispose();
        foreach (var id in ServiceIds) await swarm.Manager.RemoveServiceAsync(id, CancellationToken.None);
        if (FilesPrepared) Leftovers = await swarm.Files.CollectAsync(launch);
        if (NetworkId is not null) await swarm.Manager.RemoveNetworkAsync(NetworkId, CancellationToken.None);
        if (SecretId is not null) await swarm.Manager.RemoveSecretAsync(SecretId, CancellationToken.None);
    }

    /// <summary>Where a worker's container runs: its id, node, that node's engine, and its init's pid there.</summary>
    private sealed record TaskContainer(string Id, string Node, DockerEngine Engine, int? Pid);
}
