using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Monitoring;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// A workload running as processes on cluster nodes. A worker whose node stopped answering (or
/// whose connection died) is lost, not exited: the wait ends at once, and disposing kills every
/// worker's process group and cgroup (a lost one from a fresh connection), removes tokens and
/// scratch, and collects the files; what could not be is in <see cref="Leftovers"/>.
/// </summary>
internal sealed class NodeNativeWorkloadRun(WorkloadLaunch launch, IWorkerFiles files, Monitoring.WorkerMonitor monitor) : IWorkloadRun
{
    private readonly CancellationTokenSource _lifetime = new();
    private readonly List<string> _leftovers = [];
    private readonly Dictionary<string, string> _unreachable = [];
    private Task _mirror = Task.CompletedTask;
    private bool _disposed;

    public WorkloadLaunch Launch => launch;
    public List<NodeWorker> Workers { get; } = [];
    public List<(ClusterNode Node, string Directory)> SecretsOn { get; } = [];
    public bool FilesPrepared { get; set; }

    public IReadOnlyList<string> Leftovers => _leftovers;

    public IReadOnlyList<IWorkerProbe> Probes =>
        Workers.Where(w => w.Process is not null)
            .Select(w =>
                (IWorkerProbe)new SampledWorkerProbe(w.Rank, () => (w.Node.Name, w.Process!.ProcessGroup),
                RunLayout.WorkerRecords(launch.OutputDirectory, w.Rank), monitor)).ToList();

    public void StartMirroring() => _mirror = WorkerFilesMirror.RunAsync(files, launch, monitor, _lifetime.Token);

    public async Task<IReadOnlyList<WorkerOutcome>> WaitAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        var ends = Workers.Select(w => w.Process!.Ended).ToList();
        try
        {
            // Every worker's end, or the first one lost: its peers may wait a minute for it, the pipeline need not.
            var anyLost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            foreach (var end in ends) _ = end.ContinueWith(t => { if (t.Result.IsLost) anyLost.TrySetResult(); }, TaskScheduler.Default);
            await Task.WhenAny(Task.WhenAll(ends), anyLost.Task).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            // Timed out: the outcomes below say which workers were still running.
        }
        cancellation.ThrowIfCancellationRequested();
        var lost = Workers.FirstOrDefault(w => w.Process!.State == RemoteProcessState.Lost);
        return Workers.Select(w =>
        {
            var end = w.Process!.Ended;
            if (!end.IsCompleted)
            {
                return new WorkerOutcome(w.Rank, w.Node.Name, null, lost is not null
                    ? $"stopped on {w.Node.Name}: rank {lost.Rank} on {lost.Node.Name} was lost"
                    : $"still running on {w.Node.Name} after {timeout.TotalSeconds:0} s; stopped");
            }
            var result = end.Result;
            if (result.IsLost) return new WorkerOutcome(w.Rank, w.Node.Name, null, $"lost on {w.Node.Name}: {result.LostReason}");
            return new WorkerOutcome(w.Rank, w.Node.Name, result.ExitCode, result.ExitCode == 0 ? null
                : $"exited with code {result.ExitCode} on {w.Node.Name}");
        }).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        // Not cancellable: clean-up must finish even (especially) after Ctrl+C.
        await _lifetime.CancelAsync();
        await _mirror;
        var started = Workers.Where(w => w.Process is not null).ToList();
        var stops = await Task.WhenAll(started.Select(async w => (Worker: w, Problem: await w.Process!.StopAsync(TimeSpan.FromSeconds(2)))));
        var unstopped = new HashSet<string>();
        foreach (var (worker, problem) in stops.Where(s => s.Problem is not null))
        {
            _leftovers.Add($"rank {worker.Rank} on {worker.Node.Name}: {problem}");
            unstopped.Add(worker.Node.Name);
        }
        foreach (var worker in Workers)
        {
            if (worker.Process is not null) await worker.Process.DisposeAsync();
            worker.CloseLog();
            // Its cgroup too: a start that failed half-way may have left a process there without a group we know.
            await RemoveOnNodeAsync(worker.Node, NodeWorkerScript.Cleanup(worker.Cgroup, worker.Scratch),
                $"rank {worker.Rank}'s cgroup {worker.Cgroup} and scratch");
        }
        foreach (var (node, directory) in SecretsOn.Distinct())
            await RemoveOnNodeAsync(node, $"rm -rf {ShellQuote.Quote(directory)}", $"the token folder {directory}");
        if (FilesPrepared) _leftovers.AddRange(await files.CollectAsync(launch, unstopped, _unreachable));
        _lifetime.Dispose();
    }

    /// <summary>
    /// One clean-up step on a node; a node that did not answer one is not tried again in this
    /// clean-up (each try would cost its deadline again): the rest is left for the next sweep, said so.
    /// </summary>
    private async Task RemoveOnNodeAsync(ClusterNode node, string script, string what)
    {
        if (_unreachable.TryGetValue(node.Name, out var why))
        {
            _leftovers.Add($"{node.Name}: {what} not removed ({why})");
            return;
        }
        try
        {
            var result = await node.Shell.RunAsync(script, TimeSpan.FromSeconds(30), CancellationToken.None, check: false, idempotent: true);
            if (result.Output.Contains(NodeWorkerScript.CgroupLeft, StringComparison.Ordinal))
                _leftovers.Add($"{node.Name}: {what} still there ({result.Tail(2)})");
        }
        catch (Exception e) when (e is NodeUnreachableException or Processes.ProcessFailedException or ObjectDisposedException)
        {
            var first = e.Message.Split('\n')[0];
            _unreachable[node.Name] = $"{node.Name} did not answer during the clean-up: {first}";
            _leftovers.Add($"{node.Name}: {what} not removed ({first})");
        }
    }
}
