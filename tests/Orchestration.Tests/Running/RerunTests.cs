using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Running;

namespace Testbed.Orchestration.Tests.Running;

/// <summary>Reproduce's request: an earlier run's inputs and parameters, from its own folder.</summary>
[Trait("Tier", "Unit")]
public sealed class RerunTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("testbed-rerun-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Run => Path.Combine(_root, "results", "20261130T000000Z-abcdef0");

    private RerunSettings Settings => new(_root, Path.Combine(_root, "results"), "results");

    /// <summary>A run of experiments/tiny.json on clusters/virtual-1.json with 3 measured repetitions, its inputs copied.</summary>
    private RunManifest MakeRun(bool measured = true)
    {
        Directory.CreateDirectory(Path.Combine(_root, "experiments"));
        Directory.CreateDirectory(Path.Combine(_root, "clusters"));
        File.WriteAllText(Path.Combine(_root, "experiments", "tiny.json"),
            """{"name": "tiny", "workloads": [{"name": "w1", "workers": 2, "cpusPerWorker": 0.5}]}""");
        File.WriteAllText(Path.Combine(_root, "clusters", "virtual-1.json"),
            """{"name": "virtual-1", "kind": "virtual", "nodes": [{"name": "node-1", "cpus": 1, "memoryMb": 1024}]}""");
        var run = PreparedRun.From(new RunRequest(Path.Combine(_root, "experiments"), ["tiny"], 3, 1, 1, [Mode.Native, Mode.Container], CpuPolicy.Refuse,
            Settings.ResultsDirectory)
        {
            Cluster = "virtual-1",
            ClustersDirectory = Path.Combine(_root, "clusters"),
        }, new MachineLimits(2, 24_000));
        Directory.CreateDirectory(Run);
        InputCopies.Write(Run, run);
        var manifest = RunnerFixtures.Manifest(Run, run);
        manifest = manifest with
        {
            Experiments = manifest.Experiments.Select(e => e with { File = "experiments/tiny.json" }).ToList(),
            Cluster = new ClusterEntry("virtual-1", "virtual", "clusters/virtual-1.json", run.Cluster.Sha256, []),
            Repetitions = [new RepetitionEntry("tiny", Mode.Native, 1, false, measured ? RepetitionOutcome.Succeeded : RepetitionOutcome.Failed,
                "runs/tiny/native/rep-1", 1)],
        };
        manifest.Write(Run);
        return manifest;
    }

    [Fact]
    public void The_request_runs_the_copies_with_the_run_s_parameters_on_its_cluster_copy()
    {
        var manifest = MakeRun();

        var rerun = Rerun.Of(Run, manifest, repetitions: 5, Settings);

        Assert.Equal([Path.Combine(Run, "inputs", "experiments", "tiny.json")], rerun.Request.Experiments);
        Assert.Equal(Path.Combine(Run, "inputs", "clusters", "virtual-1.json"), rerun.Request.Cluster);
        Assert.Equal((3, 1, 1, CpuPolicy.Refuse), (rerun.Request.Repetitions, rerun.Request.Warmups, rerun.Request.WarmupEpochs, rerun.Request.CpuPolicy));
        Assert.Equal([Mode.Native, Mode.Container], rerun.Request.Modes);
        Assert.Empty(rerun.Notes);
        var prepared = PreparedRun.From(rerun.Request, new MachineLimits(2, 24_000));
        Assert.Equal("virtual-1", prepared.Cluster.Name);
        Assert.Equal(manifest.Experiments[0].Sha256, prepared.Experiments[0].Sha256);
    }

    [Fact]
    public void Repetitions_can_lower_the_run_s_count_and_say_so_but_never_raise_it()
    {
        var manifest = MakeRun();

        var lower = Rerun.Of(Run, manifest, repetitions: 2, Settings);

        Assert.Equal(2, lower.Request.Repetitions);
        Assert.Contains(lower.Notes, n => n.Contains("lowers the run's 3 measured repetitions"));
        Assert.Equal(3, Rerun.Of(Run, manifest, repetitions: 9, Settings).Request.Repetitions);
        var zero = Assert.Throws<ExperimentValidationException>(() => Rerun.Of(Run, manifest, repetitions: 0, Settings));
        Assert.Contains("--repetitions: value is 0", zero.Message);
    }

    [Fact]
    public void A_run_that_added_rounds_for_a_target_is_re_run_as_a_fixed_count_of_its_rounds_capped_by_repetitions()
    {
        var manifest = MakeRun();
        // Rounds 0..2 were the minimum; a target added rounds 3..7.
        manifest = manifest with
        {
            Repetitions = [.. Enumerable.Range(0, 8).Select(r =>
                new RepetitionEntry("tiny", Mode.Native, r + 1, false, RepetitionOutcome.Succeeded, $"runs/tiny/native/rep-{r + 1}", 1) { Round = r })],
            Precision = new PrecisionEntry(30, "--time-budget 30", 3, 50, [new ScenarioPrecisionEntry("tiny", 3, true, 8) { Stop = PrecisionStop.Met }]),
        };

        var all = Rerun.Of(Run, manifest, repetitions: 20, Settings);
        var capped = Rerun.Of(Run, manifest, repetitions: 5, Settings);

        Assert.Equal((8, 0.0), (all.Request.Repetitions, all.Request.Precision!.Value));
        Assert.Contains(all.Notes, n => n.Contains("a fixed count of 8 rounds per scenario (no target, no budget)"));
        Assert.Equal(5, capped.Request.Repetitions);
        Assert.Contains(capped.Notes, n => n.Contains("lowers the run's 8 measured repetitions"));
        Assert.False(PreparedRun.From(all.Request, new MachineLimits(2, 24_000)).Plan.Precision.Active);
    }

    [Fact]
    public void An_edited_copy_is_run_as_it_is_and_said_aloud()
    {
        var manifest = MakeRun();
        var copy = Path.Combine(Run, RunLayout.ExperimentCopy("tiny"));
        File.WriteAllText(copy, File.ReadAllText(copy).Replace("0.5}", "0.5, \"learningRate\": 0.02}"));

        var rerun = Rerun.Of(Run, manifest, repetitions: 3, Settings);

        Assert.Equal(copy, rerun.Request.Experiments[0]);
        Assert.Contains(rerun.Notes, n => n.Contains("is not the file the run used") && n.Contains("experiments[tiny].sha256"));
    }

    [Fact]
    public void A_folder_without_copies_falls_back_to_the_recorded_file_only_while_its_hash_holds()
    {
        var manifest = MakeRun();
        Directory.Delete(Path.Combine(Run, RunLayout.InputsFolder), recursive: true);

        var fallback = Rerun.Of(Run, manifest, repetitions: 3, Settings);
        File.AppendAllText(Path.Combine(_root, "experiments", "tiny.json"), "\n");
        var error = Assert.Throws<ExperimentValidationException>(() => Rerun.Of(Run, manifest, repetitions: 3, Settings));

        Assert.Equal(Path.Combine(_root, "experiments", "tiny.json"), fallback.Request.Experiments[0]);
        Assert.Contains(fallback.Notes, n => n.Contains("before run folders kept their inputs"));
        Assert.Contains(Path.Combine(Run, "manifest.json") + ": experiments[tiny] is 'experiments/tiny.json'", error.Message);
        Assert.Contains("run Reproduce from a checkout of it", error.Message);
    }

    [Fact]
    public void A_run_without_a_succeeded_measured_repetition_has_nothing_to_reproduce()
    {
        var manifest = MakeRun(measured: false);

        var error = Assert.Throws<ExperimentValidationException>(() => Rerun.Of(Run, manifest, repetitions: 3, Settings));

        Assert.Contains("repetitions is without a succeeded measured repetition", error.Message);
    }
}
