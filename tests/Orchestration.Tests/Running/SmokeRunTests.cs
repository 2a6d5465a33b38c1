using Spectre.Console;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Reporting;
using Testbed.Orchestration.Results;
using Testbed.Orchestration.Rootfs;
using Testbed.Orchestration.Running;

namespace Testbed.Orchestration.Tests.Running;

/// <summary>The smoke experiment end to end, natively and in Swarm containers, one repetition each.</summary>
public sealed class SmokeRunTests : IDisposable
{
    private readonly string _results = Directory.CreateTempSubdirectory("testbed-results-").FullName;

    public void Dispose() => Directory.Delete(_results, recursive: true);

    [Fact]
    public async Task Smoke_in_both_modes_writes_every_file_ends_with_identical_weights_and_leaves_nothing_behind()
    {
        var environment = IntegrationEnvironment.Require();
        var experiments = ExperimentLoader.Load(Path.Combine(environment.RepositoryRoot, "experiments"), ["smoke"], Environment.ProcessorCount);
        var plan = RunPlan.Create(experiments, [Mode.Native, Mode.Container], repetitions: 1, warmups: 0, warmupEpochs: null);
        var folder = RunFolder.CreateNew(_results, DateTime.UtcNow, "0000000test");
        using var engine = new DockerEngine();
        var manifest = Manifest(folder, experiments, await engine.VersionAsync(CancellationToken.None), environment.Image);
        var modes = new Dictionary<Mode, IExecutionMode>
        {
            [Mode.Native] = new NativeMode(environment.Rootfs, environment.PublishDirectory, environment.SessionsDirectory, 10001),
            [Mode.Container] = new ContainerMode(engine, environment.Image, 10001),
        };
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(output) });

        await new ScenarioRunner(modes, new PlainRunDisplay(console), TimeSpan.FromMilliseconds(500))
            .RunAsync(plan, folder, manifest, new DurationEstimate(), CancellationToken.None);

        Assert.True(manifest.Complete, output.ToString());
        var hashes = new List<string?>();
        foreach (var repetition in manifest.Repetitions)
        {
            var directory = Path.Combine(folder.Directory, repetition.Path);
            var status = System.Text.Json.JsonSerializer.Deserialize<RepetitionStatus>(File.ReadAllText(Path.Combine(directory, "status.json")), RunFolder.Json)!;
            Assert.True(status.Status == "succeeded", $"{repetition.Mode}: {status.Error}\n{string.Join('\n', status.Workloads.SelectMany(w => w.Workers).SelectMany(w => w.LastLogLines))}");
            foreach (var rank in new[] { 0, 1 })
            {
                Assert.True(File.Exists(Path.Combine(directory, "smoke", $"worker-{rank}.jsonl")), $"{repetition.Mode} worker-{rank}.jsonl");
                Assert.True(File.Exists(Path.Combine(directory, "smoke", $"worker-{rank}.log")), $"{repetition.Mode} worker-{rank}.log");
            }
            var metrics = File.ReadAllLines(Path.Combine(directory, "metrics.csv"));
            Assert.Equal(Monitoring.ResourceSampler.Header, metrics[0]);
            Assert.True(metrics.Length > 1, $"{repetition.Mode}: no resource samples");
            hashes.AddRange(status.Workloads.SelectMany(w => w.Workers).Select(w => w.WeightsHash));
        }
        Assert.Equal(4, hashes.Count);
        Assert.All(hashes, h => Assert.False(string.IsNullOrEmpty(h)));
        Assert.Single(hashes.Distinct());

        var left = await engine.RemoveLabelledAsync($"{Labels.Run}={folder.RunId}");
        Assert.True(left.Total == 0, $"left behind: {left}");
        Assert.Empty(MountTable.Under(environment.SessionsDirectory));
        Assert.Empty(CpuCgroup.Leftovers());
    }

    [Theory]
    [InlineData(Mode.Container)]
    [InlineData(Mode.Native)]
    public async Task Cancelling_a_run_removes_every_worker_within_ten_seconds_and_marks_it_incomplete(Mode mode)
    {
        var environment = IntegrationEnvironment.Require();
        var experiments = ExperimentLoader.Load(Path.Combine(environment.RepositoryRoot, "experiments"), ["smoke"], Environment.ProcessorCount);
        var plan = RunPlan.Create(experiments, [mode], repetitions: 1, warmups: 0, warmupEpochs: null);
        var folder = RunFolder.CreateNew(_results, DateTime.UtcNow, "0000000stop");
        using var engine = new DockerEngine();
        var manifest = Manifest(folder, experiments, await engine.VersionAsync(CancellationToken.None), environment.Image);
        IExecutionMode execution = mode == Mode.Native
            ? new NativeMode(environment.Rootfs, environment.PublishDirectory, environment.SessionsDirectory, 10001)
            : new ContainerMode(engine, environment.Image, 10001);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(new StringWriter()) });
        using var cancellation = new CancellationTokenSource();

        var run = new ScenarioRunner(new Dictionary<Mode, IExecutionMode> { [mode] = execution }, new PlainRunDisplay(console), TimeSpan.FromMilliseconds(500))
            .RunAsync(plan, folder, manifest, new DurationEstimate(), cancellation.Token);
        var records = Path.Combine(folder.Directory, plan.Repetitions[0].RelativePath, "smoke", "worker-0.jsonl");
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(records) && started.Elapsed < TimeSpan.FromSeconds(60) && !run.IsCompleted) await Task.Delay(100);
        Assert.False(run.IsCompleted, "the run ended before it could be interrupted");

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        stopping.Stop();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"clean-up took {stopping.Elapsed.TotalSeconds:0.0} s");
        Assert.False(manifest.Complete);
        Assert.NotNull(manifest.Interruption);
        var status = File.ReadAllText(Path.Combine(folder.Directory, plan.Repetitions[0].RelativePath, "status.json"));
        Assert.Contains("\"status\": \"incomplete\"", status);
        var left = await engine.RemoveLabelledAsync($"{Labels.Run}={folder.RunId}");
        Assert.True(left.Total == 0, $"left behind: {left}");
        Assert.Empty(MountTable.Under(environment.SessionsDirectory));
        Assert.Empty(CpuCgroup.Leftovers());
    }

    private static RunManifest Manifest(RunFolder folder, IReadOnlyList<Experiment> experiments, string dockerVersion, string image) => new()
    {
        RunId = folder.RunId,
        StartedUtc = DateTime.UtcNow,
        Git = new GitFacts("0000000test", false),
        Parameters = new Dictionary<string, object?> { ["repetitions"] = 1 },
        Experiments = experiments.Select(e => new ExperimentEntry(e.Name, e.File, e.Sha256, e)).ToList(),
        Host = HostDescription.Read(dockerVersion),
        Rootfs = new RootfsEntry("test", "test"),
        Image = new ImageEntry(image, image),
        TrainerVersion = "test",
        Seeds = [7],
        NativeAllotment = CpuCgroup.Describe(),
        Placement = "one node",
    };
}
