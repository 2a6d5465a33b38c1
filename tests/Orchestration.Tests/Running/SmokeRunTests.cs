using Spectre.Console;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Images;
using Testbed.Orchestration.Monitoring;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Progress;
using Testbed.Orchestration.Rootfs;
using Testbed.Orchestration.Running;

namespace Testbed.Orchestration.Tests.Running;

/// <summary>The smoke experiment end to end, natively and in Swarm containers, one repetition each.</summary>
[Trait("Tier", "Integration")]
public sealed class SmokeRunTests : IDisposable
{
    private readonly string _results = Directory.CreateTempSubdirectory("testbed-results-").FullName;

    public void Dispose() => Directory.Delete(_results, recursive: true);

    [Fact]
    public async Task Smoke_in_every_mode_measures_each_path_writes_every_file_ends_with_identical_weights_and_leaves_nothing_behind()
    {
        var environment = IntegrationEnvironment.Require();
        var run = Prepare(environment, ModeNames.Attribution);
        var directory = RunLayout.CreateRunFolder(_results, DateTimeOffset.UtcNow, TestRunSha.New());
        using var engine = new DockerEngine();
        var output = new StringWriter();
        var inputs = new RunInputs(environment.RepositoryRoot, environment.Rootfs, 10001, environment.PublishDirectory, environment.SessionsDirectory,
            new TrainerImage(environment.Image, environment.Image, "test", "test", "test"), Path.GetDirectoryName(environment.SessionsDirectory)!);

        RunOutcome outcome;
        ClusterEntry cluster;
        await using (var target = await RunTarget.LocalAsync(run, inputs, engine, new ConsoleReporter(SmokeRig.Console(output)), Path.GetFileName(directory),
            CancellationToken.None))
        {
            cluster = target.Cluster;
            outcome = await new ScenarioRunner(target.Modes, new PlainRunDisplay(SmokeRig.Console(output)), TimeSpan.FromMilliseconds(500), target.Monitor)
                .RunAsync(run.Plan, directory, await SmokeRig.Manifest(directory, run, engine, environment) with { Cluster = target.Cluster },
                    new DurationEstimate(), CancellationToken.None);
        }

        Assert.Equal(["host", "bridge", "overlay"], cluster.Wire.Select(w => w.Path));
        Assert.All(cluster.Wire, w => Assert.True(w.GbitsPerSecond > 0 && w.RttMedianMicroseconds > 0, $"{w.Path}: {w.Problem}\n{output}"));

        var manifest = RunManifest.Read(directory);
        Assert.True(manifest.Complete, output.ToString());
        Assert.Equal(outcome.Repetitions, manifest.Repetitions);
        var hashes = new List<string?>();
        foreach (var repetition in manifest.Repetitions)
        {
            var repetitionDirectory = Path.Combine(directory, repetition.Path);
            var status = RepetitionStatus.Read(repetitionDirectory);
            Assert.True(status.Status == RepetitionOutcome.Succeeded,
                $"{repetition.Mode}: {status.Error}\n{string.Join('\n', status.Workloads.SelectMany(w => w.Workers).SelectMany(w => w.LastLogLines))}");
            foreach (var rank in new[] { 0, 1 })
            {
                Assert.True(File.Exists(RunLayout.WorkerRecords(Path.Combine(repetitionDirectory, "smoke"), rank)),
                    $"{repetition.Mode} records of rank {rank}");
                Assert.True(File.Exists(RunLayout.WorkerLog(Path.Combine(repetitionDirectory, "smoke"), rank)), $"{repetition.Mode} log of rank {rank}");
            }
            var metrics = File.ReadAllLines(Path.Combine(repetitionDirectory, RunLayout.MetricsFile));
            Assert.Equal(MetricsCsv.Header, metrics[0]);
            Assert.True(metrics.Length > 1, $"{repetition.Mode}: no resource samples");
            // The same observer in every mode: CPU, the quota's periods and the page faults from the worker's own cgroup.
            var samples = MetricsCsv.Read(Path.Combine(repetitionDirectory, RunLayout.MetricsFile));
            Assert.Contains(samples, m => m.CpuPercent > 0 && m.CpuPeriods > 0 && m.PageFaults > 0 && m.MemoryBytes > 0);
            hashes.AddRange(status.Workloads.SelectMany(w => w.Workers).Select(w => w.WeightsHash));
        }
        Assert.Equal(8, hashes.Count);
        Assert.Equal(ModeNames.Attribution.Order(), manifest.Repetitions.Select(r => r.Mode).Order());
        Assert.All(hashes, h => Assert.False(string.IsNullOrEmpty(h)));
        Assert.Single(hashes.Distinct());

        var left = await engine.RemoveLabelledAsync($"{Labels.Run}={manifest.RunId}");
        Assert.True(left.Total == 0, $"left behind: {left}");
        Assert.Empty(RunLeftovers.Mounts(environment.SessionsDirectory, manifest.RunId));
        Assert.Empty(RunLeftovers.Cgroups(manifest.RunId));
    }

    [Theory]
    [InlineData(Mode.Container)]
    [InlineData(Mode.Native)]
    public async Task Cancelling_a_run_removes_every_worker_within_ten_seconds_and_marks_it_incomplete(Mode mode)
    {
        var environment = IntegrationEnvironment.Require();
        var run = Prepare(environment, [mode]);
        var directory = RunLayout.CreateRunFolder(_results, DateTimeOffset.UtcNow, TestRunSha.New());
        using var engine = new DockerEngine();
        using var cancellation = new CancellationTokenSource();

        var monitor = WorkerMonitor.Local();
        var running = new ScenarioRunner(SmokeRig.Modes(environment, engine, monitor).Where(m => m.Key == mode).ToDictionary(),
            new PlainRunDisplay(SmokeRig.Console(new StringWriter())), TimeSpan.FromMilliseconds(500), monitor)
            .RunAsync(run.Plan, directory, await SmokeRig.Manifest(directory, run, engine, environment), new DurationEstimate(), cancellation.Token);
        var repetitionDirectory = Path.Combine(directory, run.Plan.Repetitions[0].RelativePath);
        var records = RunLayout.WorkerRecords(Path.Combine(repetitionDirectory, "smoke"), 0);
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(records) && started.Elapsed < TimeSpan.FromSeconds(60) && !running.IsCompleted) await Task.Delay(100);
        Assert.False(running.IsCompleted, "the run ended before it could be interrupted: " +
            (File.Exists(Path.Combine(repetitionDirectory, RunLayout.StatusFile)) ? RepetitionStatus.Read(repetitionDirectory).Error
                : running.Exception?.Message));

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        stopping.Stop();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"clean-up took {stopping.Elapsed.TotalSeconds:0.0} s");
        var manifest = RunManifest.Read(directory);
        Assert.False(manifest.Complete);
        Assert.NotNull(manifest.Interruption);
        Assert.Equal(RepetitionOutcome.Incomplete, RepetitionStatus.Read(repetitionDirectory).Status);
        var left = await engine.RemoveLabelledAsync($"{Labels.Run}={manifest.RunId}");
        Assert.True(left.Total == 0, $"left behind: {left}");
        Assert.Empty(RunLeftovers.Mounts(environment.SessionsDirectory, manifest.RunId));
        Assert.Empty(RunLeftovers.Cgroups(manifest.RunId));
    }

    private static PreparedRun Prepare(IntegrationEnvironment environment, IReadOnlyList<Mode> modes) =>
        PreparedRun.From(new RunRequest(Path.Combine(environment.RepositoryRoot, "experiments"), ["smoke"], 1, 0, 0, modes, CpuPolicy.Scale, "unused"),
            Environment.ProcessorCount);
}
