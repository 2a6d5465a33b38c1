using System.Collections.Concurrent;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Monitoring;
using Testbed.Records;

namespace Testbed.Orchestration.Tests.Running;

/// <summary>How one fake worker behaves.</summary>
/// <param name="EpochsDone">The epoch it dies after (records up to it, no final record); null: every epoch.</param>
internal sealed record FakeWorker(int ExitCode = 0, string? Error = null, bool Finishes = true, bool Hangs = false, int? EpochsDone = null);

/// <summary>
/// An execution mode without engine or processes: it writes each worker's records and log the way
/// the trainer and the real modes do, from a script, so the runner and the run-folder contract can
/// be tested in milliseconds. Every launch and disposal is recorded for the tests to inspect.
/// </summary>
/// <param name="epochSeconds">Seconds an epoch takes in a launch (e.g. by its round); default <paramref name="secondsPerEpoch"/>.</param>
/// <param name="started">Called at every launch (a test advances its clock by what the launch "took").</param>
internal sealed class FakeExecutionMode(Mode mode, Func<WorkloadLaunch, int, FakeWorker>? script = null, double secondsPerEpoch = 10,
    Func<WorkloadLaunch, double>? epochSeconds = null, Action<WorkloadLaunch>? started = null) : IExecutionMode
{
    public Mode Mode => mode;

    public ConcurrentQueue<WorkloadLaunch> Launches { get; } = new();

    public ConcurrentQueue<WorkloadLaunch> Disposed { get; } = new();

    public Task<IWorkloadRun> StartAsync(WorkloadLaunch launch, CancellationToken cancellation)
    {
        Launches.Enqueue(launch);
        started?.Invoke(launch);
        Directory.CreateDirectory(launch.OutputDirectory);
        var workers = Enumerable.Range(0, launch.Workload.Workers).Select(rank => script?.Invoke(launch, rank) ?? new FakeWorker()).ToList();
        for (var rank = 0; rank < workers.Count; rank++) WriteRecords(launch, rank, workers[rank]);
        return Task.FromResult<IWorkloadRun>(new Run(this, launch, workers));
    }

    private void WriteRecords(WorkloadLaunch launch, int rank, FakeWorker worker)
    {
        var w = launch.Workload;
        var epochTook = epochSeconds?.Invoke(launch) ?? secondsPerEpoch;
        var lines = new List<string>();
        var at = new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);
        // A restart resumes after its checkpoint's epoch, as the trainer does; the chief checkpoints every epoch.
        var first = launch.ResumeCheckpoint is { } resume ? Records.Checkpoints.CheckpointFormat.EpochOf(resume)!.Value + 1 : 1;
        for (var epoch = first; epoch <= (worker.EpochsDone ?? launch.Epochs); epoch++)
        {
            if (rank == 0) Recovery.FakeCheckpoint.Write(Path.Combine(launch.OutputDirectory, TrainerArguments.CheckpointsFolder), epoch);
            var ms = epochTook * 1000 / w.StepsPerEpoch;
            lines.Add(RecordJson.Line(new EpochRecord(epoch, launch.Epochs, w.StepsPerEpoch, epochTook, ms, ms * 0.7, ms * 0.25, ms * 0.05,
                1_000_000, 1_000_000, 2.0 / epoch, 0.5 + 0.03 * epoch, rank, w.Workers, $"{w.Name}-{rank + 1}", launch.Threads,
                    at.AddSeconds(epoch * epochTook))));
        }
        if (worker.Finishes)
        {
            lines.Add(RecordJson.Line(new FinalRecord(launch.Epochs, epochTook * launch.Epochs, 1.5, rank == 0 ? 0.9 : null, rank == 0 ? 0.7 : null,
                $"sha256:{w.Seed:x8}{launch.Epochs:x4}", rank, w.Workers, $"{w.Name}-{rank + 1}", launch.Threads, at.AddSeconds(launch.Epochs * epochTook + 1))
            {
                FirstStepUtc = launch.Attempt > 0 ? DateTimeOffset.UtcNow : null,
            }));
        }

        File.WriteAllLines(RunLayout.WorkerRecords(launch.OutputDirectory, rank), lines);
        File.WriteAllLines(RunLayout.WorkerLog(launch.OutputDirectory, rank),
            [$"fake {mode.ToName()} worker {rank}", worker.ExitCode == 0 ? "done" : $"dying with {worker.ExitCode}"]);
    }

    private sealed class Run(FakeExecutionMode owner, WorkloadLaunch launch, IReadOnlyList<FakeWorker> workers) : IWorkloadRun
    {
        private bool _disposed;

        public WorkloadLaunch Launch => launch;

        public IReadOnlyList<IWorkerProbe> Probes => workers.Select((_, rank) => (IWorkerProbe)new Probe(rank)).ToList();

        public async Task<IReadOnlyList<WorkerOutcome>> WaitAsync(TimeSpan timeout, CancellationToken cancellation)
        {
            if (workers.Any(w => w.Hangs)) await Task.Delay(Timeout.Infinite, cancellation);
            return workers.Select((w, rank) => new WorkerOutcome(rank, $"node-{rank + 1}", w.ExitCode, w.Error)).ToList();
        }

        public ValueTask DisposeAsync()
        {
            if (!_disposed) owner.Disposed.Enqueue(launch);
            _disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Probe(int rank) : IWorkerProbe
    {
        private int _samples;

        public int Rank => rank;
        public string Node => $"node-{rank + 1}";

        /// <summary>The cumulative counters grow with every sample, as a cgroup's cpu.stat and a process's fault counts do.</summary>
        public Task<ResourceSample?> SampleAsync(CancellationToken cancellation)
        {
            var n = Interlocked.Increment(ref _samples);
            return Task.FromResult<ResourceSample?>(new ResourceSample(55.5, 400_000_000, 1_000_000, 2_000_000)
            {
                CpuPeriods = 10L * n, CpuThrottledPeriods = 2L * n, CpuThrottledSeconds = 0.01 * n, PageFaults = 100L * n,
            });
        }
    }
}
