using System.Diagnostics;
using System.Security.Cryptography;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Monitoring;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Progress;
using Testbed.Records;

namespace Testbed.Orchestration.Running;

/// <summary>
/// One repetition: every workload of the scenario started at once in the repetition's mode,
/// sampled each interval, waited for, and removed again, whatever happens; then its status.json.
/// </summary>
internal sealed class RepetitionRun(PlannedRepetition repetition, string directory, string runId, IReadOnlyDictionary<Mode, IExecutionMode> modes, TimeSpan sampleInterval, ClusterMonitor? nodes)
{
    public async Task<(RepetitionStatus Status, double SamplerCost)> RunAsync(TimeSpan estimate, IRunProgress progress, CancellationToken cancellation)
    {
        Directory.CreateDirectory(directory);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var runs = new List<IWorkloadRun>();
        var outcomes = new Dictionary<string, IReadOnlyList<WorkerOutcome>>();
        var launched = new Dictionary<string, DateTimeOffset>();
        var ended = new Dictionary<string, DateTimeOffset>();
        string? error = null;
        var interrupted = false;
        double samplerCost = 0;
        RepetitionStatus? status = null;
        NodeSampling? nodeSampling = null;
        try
        {
            // Whole nodes are sampled from before the first worker starts until the last one is gone.
            if (nodes is not null) nodeSampling = await nodes.StartAsync(Path.Combine(directory, RunLayout.NodeMetricsFile), cancellation);
            foreach (var workload in repetition.Experiment.Workloads)
            {
                // A fresh secret per workload and repetition: nothing from an earlier job can join.
                var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
                var launch = new WorkloadLaunch(runId, repetition, workload, Path.Combine(directory, workload.Name), token, TrainerArguments.ContainerPort);
                launched[workload.Name] = DateTimeOffset.UtcNow;
                runs.Add(await modes[repetition.Mode].StartAsync(launch, cancellation));
            }

            var probes = runs.SelectMany(r => r.Probes.Select(p => (r.Launch.Workload.Name, p))).ToList();
            await using (var sampler = ResourceSampler.Start(Path.Combine(directory, RunLayout.MetricsFile), probes, sampleInterval))
            {
                using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                var watcher = WatchEpochsAsync(runs, progress, watching.Token);
                // Generous: a stuck worker must end the repetition, a slow machine must not.
                var timeout = estimate * 4 + TimeSpan.FromMinutes(3);
                var waits = runs.Select(async r =>
                {
                    var workerOutcomes = await r.WaitAsync(timeout, cancellation);
                    lock (ended) ended[r.Launch.Workload.Name] = DateTimeOffset.UtcNow;
                    return (r.Launch.Workload.Name, Outcomes: workerOutcomes);
                }).ToList();
                foreach (var (name, workerOutcomes) in await Task.WhenAll(waits)) outcomes[name] = workerOutcomes;
                await watching.CancelAsync();
                await watcher;
                samplerCost = sampler.CpuPercent;
            }
            var failures = outcomes.SelectMany(o => o.Value.Where(w => w.ExitCode != 0 || w.Error is not null).Select(w => $"{o.Key} rank {w.Rank}: {w.Error ?? $"exit code {w.ExitCode}"}")).ToList();
            if (failures.Count > 0) error = string.Join("; ", failures);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Recorded as incomplete; the runner adds it to the manifest, then stops the run.
            interrupted = true;
            error = "interrupted (Ctrl+C or SIGTERM)";
        }
        catch (Exception e)
        {
            error = e.Message;
        }
        finally
        {
            foreach (var run in runs) await run.DisposeAsync();
            if (nodeSampling is not null) await nodeSampling.DisposeAsync();
            status = StatusOf(started, clock.Elapsed, outcomes, launched, ended, interrupted ? RepetitionOutcome.Incomplete : error is null ? RepetitionOutcome.Succeeded : RepetitionOutcome.Failed, error);
            status.Write(directory);
        }
        return (status, samplerCost);
    }

    private static async Task WatchEpochsAsync(IReadOnlyList<IWorkloadRun> runs, IRunProgress progress, CancellationToken cancellation)
    {
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                foreach (var run in runs)
                {
                    var records = WorkerRecordFile.Read(RunLayout.WorkerRecords(run.Launch.OutputDirectory, 0), RecordReading.Live);
                    progress.Epoch(run.Launch.Workload.Name, records.EpochsDone, run.Launch.Epochs);
                }
                await Task.Delay(1000, cancellation);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private RepetitionStatus StatusOf(DateTimeOffset started, TimeSpan took, IReadOnlyDictionary<string, IReadOnlyList<WorkerOutcome>> outcomes,
        IReadOnlyDictionary<string, DateTimeOffset> launched, IReadOnlyDictionary<string, DateTimeOffset> ended, RepetitionOutcome outcome, string? error) => new()
    {
        Scenario = repetition.Experiment.Name,
        Mode = repetition.Mode,
        Repetition = repetition.Index,
        Warmup = repetition.IsWarmup,
        Status = outcome,
        StartedUtc = started,
        EndedUtc = DateTimeOffset.UtcNow,
        DurationSeconds = Math.Round(took.TotalSeconds, 3),
        Error = error,
        Workloads = repetition.Experiment.Workloads.Select(w => new WorkloadStatus(w.Name,
            Enumerable.Range(0, w.Workers).Select(rank =>
            {
                var workloadDirectory = Path.Combine(directory, w.Name);
                var worker = outcomes.GetValueOrDefault(w.Name)?.FirstOrDefault(o => o.Rank == rank);
                var records = WorkerRecordFile.Read(RunLayout.WorkerRecords(workloadDirectory, rank), RecordReading.Live);
                var log = RunLayout.WorkerLog(workloadDirectory, rank);
                var failed = worker is null || worker.ExitCode != 0 || worker.Error is not null;
                IReadOnlyList<string> tail = failed && File.Exists(log) ? File.ReadLines(log).TakeLast(20).ToList() : [];
                return new WorkerStatus(rank, worker?.Node ?? "", worker?.ExitCode, records.Final?.TimeToFirstStepSeconds, records.Final?.WeightsHash, tail);
            }).ToList())
        {
            LaunchedUtc = launched.TryGetValue(w.Name, out var at) ? at : null,
            EndedUtc = ended.TryGetValue(w.Name, out var end) ? end : null,
        }).ToList(),
    };
}
