using Testbed.Orchestration.Monitoring;
using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Execution;

/// <summary>A workload running as chroot processes; disposing kills them, unmounts and removes cgroups.</summary>
internal sealed class NativeWorkloadRun(WorkloadLaunch launch, Secrets secrets, Monitoring.WorkerMonitor? monitor) : IWorkloadRun
{
    private bool _disposed;

    public WorkloadLaunch Launch => launch;
    public ChrootSession? Session { get; set; }
    public List<NativeWorker> Workers { get; } = [];
    public List<CpuCgroup> Cgroups { get; } = [];

    /// <summary>The pids are taken now, while the processes are there: a probe outlives its workers (the sampler asks after they are disposed).</summary>
    public IReadOnlyList<IWorkerProbe> Probes => monitor is null ? [] :
        Workers.Select(w => (Worker: w, Pid: w.Process.Id)).Select(w =>
            (IWorkerProbe)new SampledWorkerProbe(w.Worker.Rank, () => (Environment.MachineName, w.Pid),
            RunLayout.WorkerRecords(launch.OutputDirectory, w.Worker.Rank), monitor)).ToList();

    public async Task<IReadOnlyList<WorkerOutcome>> WaitAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        try
        {
            await Task.WhenAll(Workers.Select(w => w.Process.WaitForExitAsync(deadline.Token)));
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            // Timed out: the outcomes below say which workers were still running.
        }
        cancellation.ThrowIfCancellationRequested();
        return Workers.Select(w =>
        {
            if (!w.Process.HasExited)
            {
                return new WorkerOutcome(w.Rank, Environment.MachineName, null, $"still running after {timeout.TotalSeconds:0} s; stopped");
            }
            w.Process.WaitForExit(); // flush the output readers
            return new WorkerOutcome(w.Rank, Environment.MachineName, w.Process.ExitCode, w.Process.ExitCode == 0 ? null
                : $"exited with code {w.Process.ExitCode}");
        }).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var worker in Workers) worker.Dispose();
        foreach (var cgroup in Cgroups) cgroup.Remove();
        if (Session is not null) await Session.DisposeAsync();
        secrets.Dispose();
    }
}
