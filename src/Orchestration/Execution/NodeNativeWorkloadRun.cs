using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Execution;

/// <summary>A workload running as processes on cluster nodes; disposing stops them, removes their cgroups, tokens and scratch, and collects their files.</summary>
internal sealed class NodeNativeWorkloadRun(WorkloadLaunch launch, IWorkerFiles files, Monitoring.WorkerMonitor monitor) : IWorkloadRun
{
    private readonly CancellationTokenSource _lifetime = new();
    private Task _mirror = Task.CompletedTask;
    private bool _disposed;

    public WorkloadLaunch Launch => launch;
    public List<NodeWorker> Workers { get; } = [];
    public List<(ClusterNode Node, string Directory)> SecretsOn { get; } = [];
    public bool FilesPrepared { get; set; }

    public IReadOnlyList<IWorkerProbe> Probes =>
        Workers.Where(w => w.Process is not null)
            .Select(w => (IWorkerProbe)new SampledWorkerProbe(w.Rank, () => (w.Node.Name, w.Process!.ProcessGroup), RunLayout.WorkerRecords(launch.OutputDirectory, w.Rank), monitor)).ToList();

    public void StartMirroring() => _mirror = WorkerFilesMirror.RunAsync(files, launch, monitor, _lifetime.Token);

    public async Task<IReadOnlyList<WorkerOutcome>> WaitAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        try
        {
            await Task.WhenAll(Workers.Select(w => w.Process!.Exited)).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            // Timed out: the outcomes below say which workers were still running.
        }
        cancellation.ThrowIfCancellationRequested();
        return Workers.Select(w =>
        {
            var exited = w.Process!.Exited;
            if (!exited.IsCompleted) return new WorkerOutcome(w.Rank, w.Node.Name, null, $"still running on {w.Node.Name} after {timeout.TotalSeconds:0} s; stopped");
            var code = exited.Result;
            return new WorkerOutcome(w.Rank, w.Node.Name, code, code == 0 ? null : code < 0 ? $"lost the connection to {w.Node.Name}" : $"exited with code {code} on {w.Node.Name}");
        }).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        // Not cancellable: clean-up must finish even (especially) after Ctrl+C.
        await _lifetime.CancelAsync();
        await _mirror;
        await Task.WhenAll(Workers.Where(w => w.Process is not null).Select(w => w.Process!.StopAsync(TimeSpan.FromSeconds(2))));
        foreach (var worker in Workers)
        {
            if (worker.Process is not null) await worker.Process.DisposeAsync();
            worker.CloseLog();
            await worker.Node.Shell.RunAsync(NodeWorkerScript.Cleanup(worker.Cgroup, worker.Scratch), TimeSpan.FromSeconds(30), CancellationToken.None, check: false);
        }
        foreach (var (node, directory) in SecretsOn.Distinct())
            await node.Shell.RunAsync($"rm -rf {ShellQuote.Quote(directory)}", TimeSpan.FromSeconds(30), CancellationToken.None, check: false);
        if (FilesPrepared) await files.CollectAsync(launch);
        _lifetime.Dispose();
    }
}
