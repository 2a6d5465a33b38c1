using Testbed.Records;
using System.Diagnostics;
using System.Security.Cryptography;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Monitoring;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Reporting;
using Testbed.Orchestration.Results;

namespace Testbed.Orchestration.Running;

/// <summary>
/// Runs a plan repetition by repetition: starts every workload of the scenario at once in the
/// repetition's mode, samples resources, waits for the workers, writes status.json, and removes
/// everything the repetition created before the next one starts. A failed repetition is recorded
/// and the run goes on; Ctrl+C cleans up and marks the run incomplete.
/// </summary>
public sealed class ScenarioRunner(IReadOnlyDictionary<Mode, IExecutionMode> modes, IRunDisplay display, TimeSpan sampleInterval)
{
    public async Task RunAsync(RunPlan plan, RunFolder folder, RunManifest manifest, DurationEstimate estimate, CancellationToken cancellation)
    {
        var samplerCost = new List<double>();
        folder.Save(manifest);
        try
        {
            await display.RunAsync(async progress =>
            {
                for (var i = 0; i < plan.Repetitions.Count; i++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var repetition = plan.Repetitions[i];
                    progress.RepetitionStarted(repetition, i + 1, plan.Repetitions.Count, estimate.Of(plan.Repetitions.Skip(i)));
                    var (status, cost) = await RunRepetitionAsync(repetition, folder, manifest.RunId, estimate, progress, cancellation);
                    samplerCost.Add(cost);
                    manifest.Repetitions.Add(new RepetitionEntry(status.Scenario, status.Mode, status.Repetition, status.Warmup, status.Status, repetition.RelativePath, status.DurationSeconds));
                    manifest.Sampler.CpuPercent = Math.Round(samplerCost.Average(), 2);
                    folder.Save(manifest);
                    progress.RepetitionEnded(repetition, status.Status, TimeSpan.FromSeconds(status.DurationSeconds), status.Error);
                    if (status.Status == "succeeded") estimate.Record(repetition, TimeSpan.FromSeconds(status.DurationSeconds));
                    cancellation.ThrowIfCancellationRequested();
                }
            });
            manifest.Complete = true;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            manifest.Interruption = "cancelled (Ctrl+C or SIGTERM) before every repetition ran";
            throw;
        }
        catch (Exception e)
        {
            manifest.Interruption = $"stopped by an error: {e.Message}";
            throw;
        }
        finally
        {
            manifest.EndedUtc = DateTime.UtcNow;
            folder.Save(manifest);
        }
    }

    private async Task<(RepetitionStatus Status, double SamplerCost)> RunRepetitionAsync(
        PlannedRepetition repetition, RunFolder folder, string runId, DurationEstimate estimate, IRunProgress progress, CancellationToken cancellation)
    {
        var directory = Path.Combine(folder.Directory, repetition.RelativePath);
        Directory.CreateDirectory(directory);
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var runs = new List<IWorkloadRun>();
        var outcomes = new Dictionary<string, IReadOnlyList<WorkerOutcome>>();
        string? error = null;
        var interrupted = false;
        double samplerCost = 0;
        RepetitionStatus? status = null;
        try
        {
            foreach (var workload in repetition.Experiment.Workloads)
            {
                // A fresh secret per workload and repetition: nothing from an earlier job can join.
                var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
                var launch = new WorkloadLaunch(runId, repetition, workload, Path.Combine(directory, workload.Name), token, TrainerArguments.ContainerPort);
                runs.Add(await modes[repetition.Mode].StartAsync(launch, cancellation));
            }

            var probes = runs.SelectMany(r => r.Probes.Select(p => (r.Launch.Workload.Name, p))).ToList();
            await using (var sampler = ResourceSampler.Start(Path.Combine(directory, "metrics.csv"), probes, sampleInterval))
            {
                using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                var watcher = WatchEpochsAsync(runs, progress, watching.Token);
                var timeout = estimate.Of(repetition) * 4 + TimeSpan.FromMinutes(3);
                var waits = runs.Select(async r => (r.Launch.Workload.Name, Outcomes: await r.WaitAsync(timeout, cancellation))).ToList();
                foreach (var (name, workerOutcomes) in await Task.WhenAll(waits)) outcomes[name] = workerOutcomes;
                await watching.CancelAsync();
                await watcher;
                samplerCost = sampler.CpuPercent;
            }
            var failures = outcomes.SelectMany(o => o.Value.Where(w => w.ExitCode != 0).Select(w => $"{o.Key} rank {w.Rank}: {w.Error ?? $"exit code {w.ExitCode}"}")).ToList();
            if (failures.Count > 0) error = string.Join("; ", failures);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Recorded as incomplete; the caller adds it to the manifest, then stops the run.
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
            status = StatusOf(repetition, directory, started, clock.Elapsed, outcomes, interrupted ? "incomplete" : error is null ? "succeeded" : "failed", error);
            RunFolder.WriteJson(Path.Combine(directory, "status.json"), status);
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
                    var records = WorkerRecordFile.Read(Path.Combine(run.Launch.OutputDirectory, "worker-0.jsonl"), RecordReading.Live);
                    progress.Epoch(run.Launch.Workload.Name, records.EpochsDone, run.Launch.Epochs);
                }
                await Task.Delay(1000, cancellation);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static RepetitionStatus StatusOf(PlannedRepetition repetition, string directory, DateTime started, TimeSpan took,
        IReadOnlyDictionary<string, IReadOnlyList<WorkerOutcome>> outcomes, string status, string? error) => new()
    {
        Scenario = repetition.Experiment.Name,
        Mode = repetition.Mode.Name(),
        Repetition = repetition.Index,
        Warmup = repetition.IsWarmup,
        Status = status,
        StartedUtc = started,
        EndedUtc = DateTime.UtcNow,
        DurationSeconds = Math.Round(took.TotalSeconds, 3),
        Error = error,
        Workloads = repetition.Experiment.Workloads.Select(w => new WorkloadStatus(w.Name,
            Enumerable.Range(0, w.Workers).Select(rank =>
            {
                var outcome = outcomes.GetValueOrDefault(w.Name)?.FirstOrDefault(o => o.Rank == rank);
                var records = WorkerRecordFile.Read(Path.Combine(directory, w.Name, $"worker-{rank}.jsonl"), RecordReading.Live);
                var log = Path.Combine(directory, w.Name, $"worker-{rank}.log");
                var failed = outcome is null || outcome.ExitCode != 0;
                IReadOnlyList<string> tail = failed && File.Exists(log) ? File.ReadLines(log).TakeLast(20).ToList() : [];
                return new WorkerStatus(rank, outcome?.Node ?? "", outcome?.ExitCode, records.Final?.TimeToFirstStepSeconds, records.Final?.WeightsHash, tail);
            }).ToList())).ToList(),
    };
}
