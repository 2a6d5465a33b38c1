using System.Globalization;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Monitoring;
using Testbed.Orchestration.Planning;
using Testbed.Records;

namespace Testbed.Orchestration.Recovery;

/// <summary>
/// One workload of a repetition from its first start to its end. When a worker fails, every worker
/// of the workload is stopped (the attempt is disposed: its services or processes removed, its
/// files collected), <see cref="RestartPolicy"/> decides, and the workload starts again in the
/// same mode on the same nodes with --resume from the newest intact checkpoint, until it finishes
/// or the decision is to stop. Every attempt is recorded for status.json.
/// </summary>
internal sealed class WorkloadSupervisor(IExecutionMode mode, WorkloadLaunch first, int maxRestarts, IRunProgress progress, INodeStopper? stopper = null)
    : IAsyncDisposable
{
    private NodeStop? _stop;
    private readonly List<WorkloadAttempt> _attempts = [];
    private readonly List<FailedAttempt> _failures = [];
    private readonly List<int?> _resumedAfter = [];
    private readonly List<AttemptProbe> _probes = [];
    private readonly List<string> _leftovers = [];
    private WorkloadLaunch _launch = first;
    private IWorkloadRun? _current;
    private DateTimeOffset _attemptStarted;
    private IReadOnlyList<string> _skipped = [];

    public WorkloadLaunch Launch => _launch;

    /// <summary>Why the workload was not restarted after its last failure; null when it finished.</summary>
    public string? StopReason { get; private set; }

    /// <summary>What any attempt left on a node (a process not confirmed stopped, a folder not collected): status.json names them.</summary>
    public IReadOnlyList<string> Leftovers => _leftovers;

    /// <summary>One probe per rank for the whole repetition; each follows the attempt that runs.</summary>
    public IReadOnlyList<IWorkerProbe> Probes => _probes;

    public async Task StartAsync(CancellationToken cancellation)
    {
        _attemptStarted = DateTimeOffset.UtcNow;
        _resumedAfter.Add(null);
        _current = await mode.StartAsync(_launch, cancellation);
        if (_launch.Fault is { Kind: FaultPlan.StopNode } fault && stopper is not null)
            _stop = NodeStop.Start(stopper, _launch, fault, progress, NodeStop.PauseFor);
        foreach (var probe in _current.Probes)
        {
            var follower = new AttemptProbe(probe.Rank, probe.Node);
            follower.Attach(probe);
            _probes.Add(follower);
        }
    }

    /// <summary>Waits for the workload's end, restarting it as the policy allows; returns its last attempt's worker outcomes.</summary>
    public async Task<IReadOnlyList<WorkerOutcome>> WaitAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        while (true)
        {
            var outcomes = await _current!.WaitAsync(timeout, cancellation);
            var detected = DateTimeOffset.UtcNow;
            // A stop-node fault that never struck (the workload ended first) is not recorded as one.
            if (_stop is { } striking) _launch = _launch with { Fault = await EndStopAsync(striking, thawNow: false) };
            var failed = outcomes.Where(o => o.ExitCode != 0 || o.Error is not null).ToList();
            if (failed.Count == 0)
            {
                _attempts.Add(Attempt(detected, failure: null));
                return outcomes;
            }

            // Stop every worker of the workload (the survivors may still be waiting on the dead one) and collect the attempt's files.
            foreach (var probe in _probes) probe.Attach(null);
            var ended = _current;
            _current = null;
            await ended.DisposeAsync();
            _leftovers.AddRange(ended.Leftovers);
            var attempt = _launch.Attempt;
            var failure = Describe(failed, detected);
            _failures.Add(new FailedAttempt(attempt, failure.Rank, failure.ExitCode, failure.Step, failure.EpochsDone));
            _attempts.Add(Attempt(detected, failure));
            if (ended.Leftovers.Count > 0)
            {
                // A worker that may still train, or files that are not here: a restart would run beside it, or over its files.
                StopReason = $"not restarted: the failed attempt left {string.Join("; ", ended.Leftovers)}";
                return outcomes;
            }

            var checkpoints = CheckpointInspection.NewestFirst(Path.Combine(_launch.OutputDirectory, TrainerArguments.CheckpointsFolder));
            var decision = RestartPolicy.Decide(maxRestarts, _failures, checkpoints);
            if (decision is RestartDecision.Stop stop)
            {
                StopReason = stop.Reason;
                return outcomes;
            }

            // Only a restart moves the attempt's files aside: a workload that stops keeps them where a failed repetition's are.
            AttemptFiles.Archive(_launch.OutputDirectory, attempt);
            var restart = (RestartDecision.Restart)decision;
            _skipped = restart.Skipped;
            foreach (var skipped in restart.Skipped) progress.Note($"{_launch.Workload.Name}: passing over {skipped}");
            progress.Note($"{_launch.Workload.Name}: rank {failure.Rank.ToString(CultureInfo.InvariantCulture)} {failure.Reason}" +
                $"{(failure.Step is { } at ? $" at step {at.ToString(CultureInfo.InvariantCulture)}" : "")}; " +
                $"restart {(attempt + 1).ToString(CultureInfo.InvariantCulture)} of at most {maxRestarts.ToString(CultureInfo.InvariantCulture)}, " +
                (restart.From is { } from ? $"resuming after epoch {from.Epoch.ToString(CultureInfo.InvariantCulture)} ({from.FileName})"
                    : "from scratch (no intact checkpoint)"));
            _launch = _launch with { Attempt = attempt + 1, ResumeCheckpoint = restart.From?.FileName, Fault = null };
            _attemptStarted = DateTimeOffset.UtcNow;
            _resumedAfter.Add(restart.From?.Epoch);
            _current = await mode.StartAsync(_launch, cancellation);
            foreach (var probe in _current.Probes)
                _probes.FirstOrDefault(p => p.Rank == probe.Rank)?.Attach(probe);
        }
    }

    /// <summary>
    /// After the last attempt was disposed (its files are in the run folder): each rank's records
    /// made whole across attempts, and each restart's recovery time; returns every attempt.
    /// </summary>
    public IReadOnlyList<WorkloadAttempt> Finish()
    {
        if (_attempts.Count < 2) return _attempts;
        var directory = _launch.OutputDirectory;
        var workers = _launch.Workload.Workers;
        var finished = StopReason is null;
        if (finished) AttemptFiles.Stitch(directory, workers, _resumedAfter);
        return _attempts.Select(a =>
        {
            if (a.Attempt == 0) return a;
            // The attempt's first step, by its chief's clock: in the workload's folder for the last (finished) attempt, else in its own.
            var records = finished && a.Attempt == _attempts.Count - 1
                ? RunLayout.WorkerRecords(directory, 0)
                : RunLayout.WorkerRecords(RunLayout.AttemptDirectory(directory, a.Attempt), 0);
            var firstStep = WorkerRecordFile.Read(records, RecordReading.Live).Final?.FirstStepUtc;
            var detected = _attempts[a.Attempt - 1].Failure?.DetectedUtc;
            return a with { RecoverySeconds = firstStep is { } s && detected is { } d ? Math.Round((s - d).TotalSeconds, 3) : null };
        }).ToList();
    }

    private WorkloadAttempt Attempt(DateTimeOffset ended, AttemptFailure? failure)
    {
        var resumed = _resumedAfter[^1];
        var attempt = new WorkloadAttempt(_launch.Attempt, _attemptStarted, ended, resumed, _launch.ResumeCheckpoint)
        {
            Failure = failure,
            InjectedFault = _launch.Fault,
            SkippedCheckpoints = _skipped,
        };
        if (_launch.Attempt == 0 || _failures.Count < _launch.Attempt) return attempt;
        // What the failure before this attempt cost: the steps it had trained past the checkpoint this attempt resumed from.
        var previous = _failures[_launch.Attempt - 1];
        var steps = _launch.Workload.StepsPerEpoch;
        var trained = previous.Step is { } step ? step - 1 : previous.EpochsDone * steps;
        return attempt with { StepsLost = Math.Max(0, trained - (resumed ?? 0) * steps), StepsLostIsLowerBound = previous.Step is null };
    }

    private AttemptFailure Describe(IReadOnlyList<WorkerOutcome> failed, DateTimeOffset detected)
    {
        var fault = _launch.Fault;
        // The worker that failed first: the one the fault struck, else one a signal killed, else the lowest rank.
        var primary = failed.FirstOrDefault(f => fault is not null && f.Rank == fault.Rank)
            ?? failed.FirstOrDefault(f => AttemptFailure.SignalOf(f.ExitCode) is not null)
            ?? failed[0];
        var log = RunLayout.WorkerLog(_launch.OutputDirectory, primary.Rank);
        var tail = WorkerLogTail.Read(log);
        var epochs = Math.Max(_resumedAfter[^1] ?? 0, AttemptFiles.EpochsDone(_launch.OutputDirectory, _launch.Workload.Workers));
        // Only a killed worker's step is exact; a frozen node's worker stopped somewhere in its epoch.
        var step = fault is { Kind: FaultPlan.KillWorker } && fault.Rank == primary.Rank ? fault.Step : (int?)null;
        var reason = fault is { Kind: FaultPlan.StopNode, Node: { } node } && fault.Rank == primary.Rank
            ? $"node {node} stopped (frozen {fault.PausedSeconds?.ToString("0", CultureInfo.InvariantCulture)} s)"
            : Reason(primary);
        return new AttemptFailure(primary.Rank, primary.Node, primary.ExitCode, reason, detected, step, epochs, tail)
        {
            Workers = failed.Select(f => $"rank {f.Rank.ToString(CultureInfo.InvariantCulture)}: {Reason(f)}").ToList(),
        };
    }

    private static string Reason(WorkerOutcome outcome) =>
        AttemptFailure.SignalOf(outcome.ExitCode) ?? outcome.Error ?? $"exit code {outcome.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}";

    private async Task<InjectedFault?> EndStopAsync(NodeStop stop, bool thawNow)
    {
        _stop = null;
        return await stop.EndAsync(thawNow);
    }

    public async ValueTask DisposeAsync()
    {
        // A frozen node first: the attempt's clean-up goes through it.
        if (_stop is { } stop) await EndStopAsync(stop, thawNow: true);
        var run = _current;
        _current = null;
        if (run is null) return;
        await run.DisposeAsync();
        _leftovers.AddRange(run.Leftovers);
    }
}
