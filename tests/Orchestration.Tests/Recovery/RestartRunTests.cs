using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Recovery;
using Testbed.Orchestration.Running;
using Testbed.Orchestration.Tests.Running;
using Testbed.Records;

namespace Testbed.Orchestration.Tests.Recovery;

/// <summary>The runner restarting workloads from their checkpoints, with fake modes (no engine, no processes).</summary>
[Trait("Tier", "Unit")]
public sealed class RestartRunTests : IDisposable
{
    private readonly string _results = Directory.CreateTempSubdirectory("testbed-restarts-").FullName;

    public void Dispose() => Directory.Delete(_results, recursive: true);

    private async Task<(string Directory, RunOutcome Outcome)> RunAsync(FakeExecutionMode mode, RecoverySettings recovery, int repetitions = 1)
    {
        var run = RunnerFixtures.Smoke([mode.Mode], repetitions, warmups: 0);
        var directory = RunLayout.CreateRunFolder(_results, DateTimeOffset.UtcNow, "0000000");
        var outcome = await new ScenarioRunner(new Dictionary<Mode, IExecutionMode> { [mode.Mode] = mode }, RunnerFixtures.Quiet(),
            TimeSpan.FromMilliseconds(10), recovery: recovery)
            .RunAsync(run.Plan, directory, RunnerFixtures.Manifest(directory, run), new DurationEstimate(), CancellationToken.None);
        return (directory, outcome);
    }

    /// <summary>Rank 1 killed after epoch 1 in the first attempt; every later attempt runs clean.</summary>
    private static FakeWorker KilledOnce(WorkloadLaunch launch, int rank) =>
        launch.Attempt == 0 && rank == 1 ? new FakeWorker(ExitCode: 137, Finishes: false, EpochsDone: 1)
        : launch.Attempt == 0 ? new FakeWorker(ExitCode: 1, Error: "exit code 1", Finishes: false, EpochsDone: 1)
        : new FakeWorker();

    [Fact]
    public async Task A_killed_worker_costs_a_restart_from_the_newest_checkpoint_and_the_repetition_succeeds_with_whole_records()
    {
        var mode = new FakeExecutionMode(Mode.Container, KilledOnce);

        var (directory, outcome) = await RunAsync(mode, new RecoverySettings(1, FaultInjection.None));

        var entry = Assert.Single(outcome.Repetitions);
        Assert.Equal(RepetitionOutcome.Succeeded, entry.Status);
        Assert.Equal(1, entry.Restarts);
        var status = RepetitionStatus.Read(Path.Combine(directory, entry.Path));
        Assert.Equal("succeeded after 1 restart", status.Describe());
        var attempts = status.Workloads.Single().Attempts;
        Assert.Equal(2, attempts.Count);
        var failure = attempts[0].Failure!;
        Assert.Equal((1, 137, "killed by signal 9 (SIGKILL)"), (failure.Rank, failure.ExitCode, failure.Reason));
        Assert.Contains("dying with 137", failure.LastLogLines);
        Assert.Equal(2, failure.Workers.Count);
        Assert.Equal((1, "checkpoint-epoch-001.tbckpt"), (attempts[1].ResumedFromEpoch, attempts[1].Checkpoint));
        Assert.Null(attempts[1].Failure);
        Assert.NotNull(attempts[1].RecoverySeconds);
        Assert.Equal((0, true), (attempts[1].StepsLost, attempts[1].StepsLostIsLowerBound));

        var launches = mode.Launches.ToList();
        Assert.Equal([null, "checkpoint-epoch-001.tbckpt"], launches.Select(l => l.ResumeCheckpoint));
        Assert.NotEqual(launches[0].JobId, launches[1].JobId);
        Assert.Equal(2, mode.Disposed.Count);
        Assert.All(launches, l => Assert.Equal(2, l.KeepCheckpoints));

        var workload = Path.Combine(directory, entry.Path, "smoke");
        var records = WorkerRecordFile.Read(RunLayout.WorkerRecords(workload, 0), RecordReading.Strict);
        Assert.Equal([1, 2], records.Epochs.Select(e => e.Epoch));
        Assert.NotNull(records.Final);
        Assert.True(File.Exists(RunLayout.WorkerLog(RunLayout.AttemptDirectory(workload, 0), 1)));
    }

    [Fact]
    public async Task Without_a_budget_the_failure_fails_the_repetition_and_says_no_restart_was_allowed()
    {
        var mode = new FakeExecutionMode(Mode.Native, KilledOnce);

        var (directory, outcome) = await RunAsync(mode, RecoverySettings.None);

        var entry = Assert.Single(outcome.Repetitions);
        Assert.Equal((RepetitionOutcome.Failed, 0), (entry.Status, entry.Restarts));
        Assert.Contains("smoke not restarted: no restart allowed (maxRestarts 0)", RepetitionStatus.Read(Path.Combine(directory, entry.Path)).Error);
        Assert.Single(mode.Launches);
    }

    [Fact]
    public async Task A_worker_that_crashes_at_the_same_place_every_time_stops_the_workload_before_the_budget_is_spent()
    {
        var mode = new FakeExecutionMode(Mode.Container, (launch, rank) =>
            rank == 1 ? new FakeWorker(ExitCode: 134, Finishes: false, EpochsDone: 1)
                : new FakeWorker(ExitCode: 1, Error: "lost its peer", Finishes: false, EpochsDone: 1));

        var (directory, outcome) = await RunAsync(mode, new RecoverySettings(5, FaultInjection.None));

        Assert.Equal(2, mode.Launches.Count);
        var status = RepetitionStatus.Read(Path.Combine(directory, Assert.Single(outcome.Repetitions).Path));
        Assert.Equal(RepetitionOutcome.Failed, status.Status);
        Assert.Contains("deterministic crash", status.Error);
        Assert.Equal(1, status.Restarts);
    }

    [Fact]
    public async Task Injected_faults_reach_the_first_attempt_of_the_chosen_workload_only()
    {
        var mode = new FakeExecutionMode(Mode.Container, (launch, rank) =>
            launch.Fault is { } fault && fault.Rank == rank ? new FakeWorker(ExitCode: 137, Finishes: false, EpochsDone: 1)
            : launch.Fault is not null ? new FakeWorker(ExitCode: 1, Error: "lost its peer", Finishes: false, EpochsDone: 1)
            : new FakeWorker());

        var (directory, outcome) = await RunAsync(mode, new RecoverySettings(1, FaultInjection.KillWorker), repetitions: 2);

        Assert.All(outcome.Repetitions, r => Assert.Equal((RepetitionOutcome.Succeeded, 1), (r.Status, r.Restarts)));
        var launches = mode.Launches.ToList();
        Assert.Equal(4, launches.Count);
        Assert.All(launches.Where(l => l.Attempt == 0), l => Assert.NotNull(l.Fault));
        Assert.All(launches.Where(l => l.Attempt == 1), l => Assert.Null(l.Fault));
        var attempt = RepetitionStatus.Read(Path.Combine(directory, outcome.Repetitions[0].Path)).Workloads.Single().Attempts;
        var injected = attempt[0].InjectedFault!;
        Assert.Equal(injected.Step, attempt[0].Failure!.Step);
        Assert.Equal(injected.Step - 1 - 5, attempt[1].StepsLost);
        Assert.False(attempt[1].StepsLostIsLowerBound);
    }
}
