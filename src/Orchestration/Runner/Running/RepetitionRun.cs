using System.Diagnostics;
using System.Security.Cryptography;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Monitoring;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Recovery;
using Testbed.Records;

namespace Testbed.Orchestration.Running;

/// <summary>
/// One repetition: every workload of the scenario started at once in the repetition's mode,
/// sampled each interval, waited for, and removed again, whatever happens; then its status.json.
/// </summary>
internal sealed class RepetitionRun(PlannedRepetition repetition, string directory, string runId, IReadOnlyDictionary<Mode, IExecutionMode> modes,
    TimeSpan sampleInterval, WorkerMonitor? monitor, RecoverySettings? recovery = null, INodeStopper? stopper = null)
{
    private readonly RecoverySettings _recovery = recovery ?? RecoverySettings.None;

    /// <summary>False only to measure what watching costs: no sampler, no metrics.csv, no records mirrored while the workers run.</summary>
    public bool Observed { get; init; } = true;

    /// <summary>Whether the workers' ring messages carry tags: the run's one choice for its cluster (manifest cluster.ringTags).</summary>
    public bool RingTags { get; init; } = true;

    /// <summary>The sampler's own CPU at each place (% of one core) while this repetition ran; empty when it was not sampled.</summary>
    public IReadOnlyDictionary<string, double?> SamplerCpuByPlace { get; private set; } = new Dictionary<string, double?>();

    /// <summary>Set when a foreign trainer refused its input (exit code 2): what it said; the runner stops the run on it.</summary>
    public string? ForeignRefusal { get; private set; }

    public async Task<(RepetitionStatus Status, double SamplerCost)> RunAsync(TimeSpan estimate, IRunProgress progress, CancellationToken cancellation)
    {
        Directory.CreateDirectory(directory);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var runs = new List<WorkloadSupervisor>();
        var outcomes = new Dictionary<string, IReadOnlyList<WorkerOutcome>>();
        var launched = new Dictionary<string, DateTimeOffset>();
        var ended = new Dictionary<string, DateTimeOffset>();
        var stopped = new Dictionary<string, string>();
        var tunes = new Dictionary<string, TuneStatus>();
        var attempts = new Dictionary<string, IReadOnlyList<WorkloadAttempt>>();
        string? error = null;
        var interrupted = false;
        double samplerCost = 0;
        RepetitionStatus? status = null;
        WorkerSampling? sampling = null;
        DriverPulse? pulse = null;
        HostProcessTally? tally = null;
        try
        {
            // Sampled from before the first worker starts until the last one is gone (whole nodes too, on a cluster).
            if (monitor is not null && Observed) sampling = await monitor.StartAsync(Path.Combine(directory, RunLayout.NodeMetricsFile), cancellation);
            pulse = DriverPulse.Start(Observed ? Path.Combine(directory, RunLayout.DriverFile) : null);
            tally = HostProcessTally.Start(Observed ? Path.Combine(directory, RunLayout.HostProcessesFile) : null);
            var maxRestarts = _recovery.MaxRestartsOf(repetition.Experiment);
            var fault = FaultPlan.For(repetition, _recovery.InjectFaults, stopper is null ? null : (w, rank) => stopper.CanStop(NodePlan.NodeOf(w, rank)));
            foreach (var workload in repetition.Experiment.Workloads)
            {
                // A fresh secret per workload and repetition: nothing from an earlier job can join.
                var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
                var launch = new WorkloadLaunch(runId, repetition, workload, Path.Combine(directory, workload.Name), token, TrainerArguments.ContainerPort)
                {
                    KeepCheckpoints = maxRestarts > 0 ? 2 : 1,
                    Observed = Observed,
                    RingTags = RingTags,
                    Fault = fault is { } f && f.Workload == workload.Name ? f.Fault : null,
                };
                launched[workload.Name] = DateTimeOffset.UtcNow;
                var supervisor = new WorkloadSupervisor(modes[repetition.Mode], launch, maxRestarts, progress, stopper);
                runs.Add(supervisor);
                await supervisor.StartAsync(cancellation);
            }

            var probes = runs.SelectMany(r => r.Probes.Select(p => (r.Launch.Workload.Name, p))).ToList();
            await using (var sampler = ResourceSampler.Start(Observed ? Path.Combine(directory, RunLayout.MetricsFile) : null, probes, sampleInterval))
            {
                using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                var watcher = WatchEpochsAsync(runs, progress, watching.Token);
                // Generous: a stuck worker must end the repetition, a slow machine must not.
                var timeout = estimate * 4 + TimeSpan.FromMinutes(3);
                var waits = runs.Select(async r =>
                {
                    var workerOutcomes = await r.WaitAsync(timeout, cancellation);
                    // The last exit the mode saw, where it records them (logs fetched afterwards are not the workload's time).
                    var end = workerOutcomes.Count > 0 && workerOutcomes.All(o => o.ExitSeenUtc is not null) ? workerOutcomes.Max(o => o.ExitSeenUtc!.Value)
                        : DateTimeOffset.UtcNow;
                    lock (ended) ended[r.Launch.Workload.Name] = end;
                    if (r.StopReason is { } reason) lock (stopped) stopped[r.Launch.Workload.Name] = reason;
                    if (repetition.Experiment.Tune is { } tune && r.StopReason is null && workerOutcomes.All(w => w.ExitCode == 0 && w.Error is null))
                    {
                        // Training is over: its workers are removed (and, on a cluster, its checkpoints collected) before the tune phase loads one.
                        await r.DisposeAsync();
                        progress.Note($"{r.Launch.Workload.Name}: tune phase, {tune.Epochs} epoch(s) " +
                            $"of {tune.StepsPerEpoch} steps from the chief's final checkpoint");
                        var tuned = await TunePhaseRun.RunAsync(modes[repetition.Mode], r.Launch, tune, timeout, cancellation);
                        lock (tunes) tunes[r.Launch.Workload.Name] = tuned;
                    }
                    return (r.Launch.Workload.Name, Outcomes: workerOutcomes);
                }).ToList();
                foreach (var (name, workerOutcomes) in await Task.WhenAll(waits)) outcomes[name] = workerOutcomes;
                await watching.CancelAsync();
                await watcher;
                samplerCost = sampler.CpuPercent;
            }
            var failures = outcomes.SelectMany(o =>
                o.Value.Where(w => w.ExitCode != 0 || w.Error is not null).Select(w => $"{o.Key} rank {w.Rank}: {w.Error ?? $"exit code {w.ExitCode}"}"))
                .Concat(stopped.Select(s => $"{s.Key} not restarted: {s.Value}"))
                .Concat(tunes.Where(t => t.Value.Error is not null).Select(t => $"{t.Key} tune phase: {t.Value.Error}")).ToList();
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
            pulse?.Dispose();
            tally?.Dispose();
            foreach (var run in runs) await run.DisposeAsync();
            // Only now are every attempt's files in the run folder (a cluster's are collected when an attempt is disposed).
            foreach (var run in runs)
            {
                try
                {
                    attempts[run.Launch.Workload.Name] = run.Finish();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or RecordFormatException)
                {
                    error = $"{(error is null ? "" : error + "; ")}{run.Launch.Workload.Name}: its records could not be joined across restarts ({e.Message})";
                }
            }
            if (sampling is not null)
            {
                SamplerCpuByPlace = sampling.SamplerCpuPercent();
                await sampling.DisposeAsync();
            }
            var left = runs.Where(r => r.Leftovers.Count > 0).ToDictionary(r => r.Launch.Workload.Name, r => r.Leftovers);
            if (left.Count > 0)
            {
                // Its files are not all here (or a worker may still run): not a repetition to average.
                var where = string.Join("; ", left.SelectMany(l => l.Value.Select(v => $"{l.Key}: {v}")));
                error = $"{(error is null ? "" : error + "; ")}left on the nodes: {where}";
            }
            // Workers stopped by Ctrl+C exit without records too: that is no trainer's failure.
            ForeignRefusal = interrupted ? null : ForeignTrainerRefusedException.Of(repetition, directory, outcomes);
            status = StatusOf(started, clock.Elapsed, outcomes, launched, ended, attempts, tunes, left, interrupted ? RepetitionOutcome.Incomplete
                : error is null ? RepetitionOutcome.Succeeded : RepetitionOutcome.Failed, error);
            status.Write(directory);
        }
        return (status, samplerCost);
    }

    private static async Task WatchEpochsAsync(IReadOnlyList<WorkloadSupervisor> runs, IRunProgress progress, CancellationToken cancellation)
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
        IReadOnlyDictionary<string, DateTimeOffset> launched, IReadOnlyDictionary<string, DateTimeOffset> ended, IReadOnlyDictionary<string,
            IReadOnlyList<WorkloadAttempt>> attempts,
        IReadOnlyDictionary<string, TuneStatus> tunes, IReadOnlyDictionary<string, IReadOnlyList<string>> left, RepetitionOutcome outcome, string? error) =>
            new()
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
                var tail = failed ? WorkerLogTail.Read(log) : [];
                return new WorkerStatus(rank, worker?.Node ?? "", worker?.ExitCode, records.Final?.TimeToFirstStepSeconds, records.Final?.WeightsHash, tail);
            }).ToList())
        {
            LaunchedUtc = launched.TryGetValue(w.Name, out var at) ? at : null,
            EndedUtc = ended.TryGetValue(w.Name, out var end) ? end : null,
            Attempts = attempts.GetValueOrDefault(w.Name) ?? [],
            Tune = tunes.GetValueOrDefault(w.Name),
            LeftOnNodes = left.GetValueOrDefault(w.Name) ?? [],
        }).ToList(),
    };
}
