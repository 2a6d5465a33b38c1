using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Progress;
using Testbed.Orchestration.Running;

namespace Testbed.Orchestration.Tests.Running;

/// <summary>The runner, the heart of the pipeline, without engine or processes (fake modes).</summary>
[Trait("Tier", "Unit")]
public sealed class ScenarioRunnerTests : IDisposable
{
    private readonly string _results = Directory.CreateTempSubdirectory("testbed-runner-").FullName;

    public void Dispose() => Directory.Delete(_results, recursive: true);

    private async Task<(string Directory, RunOutcome Outcome)> RunAsync(PreparedRun run, IEnumerable<FakeExecutionMode> modes,
        CancellationToken cancellation = default)
    {
        var directory = RunLayout.CreateRunFolder(_results, DateTimeOffset.UtcNow, "0000000");
        var outcome = await new ScenarioRunner(modes.ToDictionary(m => m.Mode, m => (IExecutionMode)m), RunnerFixtures.Quiet(), TimeSpan.FromMilliseconds(10))
            .RunAsync(run.Plan, directory, RunnerFixtures.Manifest(directory, run), new DurationEstimate(), cancellation);
        return (directory, outcome);
    }

    [Fact]
    public async Task Warm_ups_run_first_then_the_modes_interleave_A_B_B_A_and_the_manifest_lists_each_in_running_order()
    {
        var native = new FakeExecutionMode(Mode.Native);
        var container = new FakeExecutionMode(Mode.Container);

        var (directory, outcome) = await RunAsync(RunnerFixtures.Smoke([Mode.Native, Mode.Container], repetitions: 3, warmups: 1, warmupEpochs: 1),
            [native, container]);

        var order = outcome.Repetitions.Select(r => $"{r.Mode.ToName()}{r.Repetition}{(r.Warmup ? "w" : "")}").ToList();
        Assert.Equal(["native0w", "container0w", "native1", "container1", "container2", "native2", "native3", "container3"], order);
        Assert.Equal(RunManifest.Read(directory).Repetitions, outcome.Repetitions);
        Assert.All(native.Launches.Concat(container.Launches), l => Assert.Equal(l.Repetition.IsWarmup ? 1 : l.Workload.Epochs, l.Epochs));
        Assert.All(outcome.Repetitions, r => Assert.Equal(RepetitionOutcome.Succeeded, r.Status));
        Assert.True(RunManifest.Read(directory).Complete);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_launch_of_every_mode_gets_the_ring_tags_choice_the_manifest_records(bool tags)
    {
        var native = new FakeExecutionMode(Mode.Native);
        var container = new FakeExecutionMode(Mode.Container);
        var run = RunnerFixtures.Smoke([Mode.Native, Mode.Container], repetitions: 2, warmups: 1, warmupEpochs: 1);
        var directory = RunLayout.CreateRunFolder(_results, DateTimeOffset.UtcNow, "0000000");
        var manifest = RunnerFixtures.Manifest(directory, run) with { Cluster = new ClusterEntry("virtual-3", "virtual", null, null, []) { RingTags = tags } };

        await new ScenarioRunner(new Dictionary<Mode, IExecutionMode> { [Mode.Native] = native, [Mode.Container] = container }, RunnerFixtures.Quiet(),
            TimeSpan.FromMilliseconds(10))
            .RunAsync(run.Plan, directory, manifest, new DurationEstimate(), CancellationToken.None);

        Assert.NotEmpty(native.Launches);
        Assert.NotEmpty(container.Launches);
        Assert.All(native.Launches.Concat(container.Launches), l => Assert.Equal(tags, l.RingTags));
        Assert.Equal(tags, RunManifest.Read(directory).Cluster!.RingTags);
    }

    [Fact]
    public async Task A_failing_worker_fails_its_repetition_with_its_name_and_last_lines_and_the_run_goes_on()
    {
        var container = new FakeExecutionMode(Mode.Container, (launch, rank) =>
            launch.Repetition.Index == 0 && rank == 1 ? new FakeWorker(ExitCode: 137, Error: "task failed: exit 137", Finishes: false) : new FakeWorker());

        var (directory, outcome) = await RunAsync(RunnerFixtures.Smoke([Mode.Container], repetitions: 2, warmups: 0), [container]);

        Assert.Equal([RepetitionOutcome.Failed, RepetitionOutcome.Succeeded], outcome.Repetitions.Select(r => r.Status));
        var status = RepetitionStatus.Read(Path.Combine(directory, outcome.Repetitions[0].Path));
        Assert.Contains("smoke rank 1", status.Error);
        Assert.Contains("exit 137", status.Error);
        var worker = status.Workloads.Single().Workers[1];
        Assert.Equal(137, worker.ExitCode);
        Assert.Contains("dying with 137", worker.LastLogLines);
        Assert.Empty(status.Workloads.Single().Workers[0].LastLogLines);
        Assert.True(RunManifest.Read(directory).Complete);
        Assert.Equal(2, container.Disposed.Count);
    }

    [Fact]
    public async Task A_worker_that_exits_zero_but_reports_an_error_counts_as_failed()
    {
        // A Swarm task can end 'failed' (e.g. rejected, or killed by the orchestrator) with exit code 0.
        var container = new FakeExecutionMode(Mode.Container, (_, rank) => rank == 0 ? new FakeWorker(ExitCode: 0, Error: "task failed") : new FakeWorker());

        var (_, outcome) = await RunAsync(RunnerFixtures.Smoke([Mode.Container], repetitions: 1, warmups: 0), [container]);

        Assert.Equal(RepetitionOutcome.Failed, outcome.Repetitions.Single().Status);
    }

    [Fact]
    public async Task Cancelling_marks_the_repetition_incomplete_and_the_run_interrupted_and_removes_what_was_started()
    {
        var native = new FakeExecutionMode(Mode.Native, (_, _) => new FakeWorker(Hangs: true));
        using var cancellation = new CancellationTokenSource();
        var directory = RunLayout.CreateRunFolder(_results, DateTimeOffset.UtcNow, "0000000");
        var run = RunnerFixtures.Smoke([Mode.Native], repetitions: 2, warmups: 0);

        var running = new ScenarioRunner(new Dictionary<Mode, IExecutionMode> { [Mode.Native] = native }, RunnerFixtures.Quiet(), TimeSpan.FromMilliseconds(10))
            .RunAsync(run.Plan, directory, RunnerFixtures.Manifest(directory, run), new DurationEstimate(), cancellation.Token);
        // Bounded: a runner that never launches fails here with a message, never hangs the suite.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (native.Launches.IsEmpty && !running.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(10);
        Assert.False(native.Launches.IsEmpty, $"the runner launched nothing within {waited.Elapsed.TotalSeconds:0} s (running: {!running.IsCompleted})");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        var manifest = RunManifest.Read(directory);
        Assert.False(manifest.Complete);
        Assert.Contains("cancelled", manifest.Interruption);
        Assert.NotNull(manifest.EndedUtc);
        Assert.Equal(RepetitionOutcome.Incomplete, manifest.Repetitions.Single().Status);
        Assert.Equal(RepetitionOutcome.Incomplete, RepetitionStatus.Read(Path.Combine(directory, manifest.Repetitions[0].Path)).Status);
        Assert.Single(native.Disposed);
    }

    [Fact]
    public async Task Every_repetition_gets_its_metrics_with_the_contract_header()
    {
        var (directory, outcome) = await RunAsync(RunnerFixtures.Smoke([Mode.Native], repetitions: 1, warmups: 0), [new FakeExecutionMode(Mode.Native)]);

        var metrics = Path.Combine(directory, outcome.Repetitions.Single().Path, RunLayout.MetricsFile);
        Assert.Equal(MetricsCsv.Header, File.ReadLines(metrics).First());
        Assert.NotEmpty(MetricsCsv.Read(metrics));
    }
}
