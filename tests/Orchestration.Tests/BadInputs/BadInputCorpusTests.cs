using Testbed.Orchestration.Processes;

namespace Testbed.Orchestration.Tests.BadInputs;

/// <summary>
/// The orchestration's share of the bad-input corpus: experiment files kept under
/// BadInputs/experiments/ and bad parameters, each given to the real build
/// (ValidateExperiments, as a person would) and asserted to end with exit code 2 and a message
/// naming the input (file, field, value), having written nothing to the results folder or the
/// cache. The trainer's share (IDX files, checkpoints, tokens) is in Trainer.Tests.
/// </summary>
// Integration: it runs the build program as a process against the checkout ./build.sh Test names (TESTBED_TEST_REPOSITORY).
[Trait("Tier", "Integration")]
public sealed class BadInputCorpusTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("testbed-bad-input-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static string Corpus([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "experiments");

    [Theory]
    [InlineData("root-array.json", "(document)", "an object")]
    [InlineData("root-string.json", "(document)", "an object")]
    [InlineData("not-json.json", "not valid JSON")]
    [InlineData("unknown-field.json", "workloads[0].worker", "an unknown field")]
    [InlineData("wrong-type.json", "workloads[0].workers", "wrong type")]
    [InlineData("null-value.json", "workloads[0].workers", "wrong type")]
    [InlineData("name-mismatch.json", "name is 'another-name'", "the file's name")]
    [InlineData("no-workloads.json", "workloads is an empty list", "at least one workload")]
    [InlineData("workload-not-object.json", "workloads[0]", "an object")]
    [InlineData("duplicate-workloads.json", "workloads[].name", "'w1'")]
    [InlineData("starved-shares.json", "workloads[].workers", "0.01 of a core")]
    [InlineData("zero-workers.json", "workloads[0].workers is 0")]
    [InlineData("huge-workers.json", "workloads[0].workers is 100000")]
    [InlineData("tiny-cpu.json", "workloads[0].cpusPerWorker is 0.001")]
    [InlineData("cpu-over-machine.json", "workloads[0].cpusPerWorker is 64")]
    [InlineData("small-memory.json", "workloads[0].memoryMbPerWorker is 100")]
    [InlineData("zero-epochs.json", "workloads[0].epochs is 0")]
    [InlineData("huge-epochs.json", "workloads[0].epochs is 1000000")]
    [InlineData("zero-steps.json", "workloads[0].stepsPerEpoch is 0")]
    [InlineData("zero-batch.json", "workloads[0].batchPerWorker is 0")]
    [InlineData("batch-over-dataset.json", "workloads[0].batchPerWorker is 40000", "60000 training images")]
    [InlineData("negative-lr.json", "workloads[0].learningRate is -0.1")]
    [InlineData("nodes-count.json", "workloads[0].nodes is 1 name;", "one logical node name per worker (2)")]
    [InlineData("nodes-bad-name.json", "workloads[0].nodes[1] is 'Node 2'")]
    [InlineData("unknown-dataset.json", "workloads[0].dataset is 'mnist'")]
    [InlineData("dataset-dir-empty.json", "workloads[0].dataset is 'dir:'", "absolute folder path")]
    [InlineData("dataset-dir-relative.json", "workloads[0].dataset is 'dir:data/mnist'", "absolute folder path")]
    [InlineData("dataset-dir-missing.json", "workloads[0].dataset is 'dir:/nonexistent/mnist'", "train-images-idx3-ubyte")]
    [InlineData("bad-workload-name.json", "workloads[0].name is 'W 1'")]
    [InlineData("negative-restarts.json", "maxRestarts is -1", "0 (a failed worker fails the repetition) to 100")]
    [InlineData("precision-zero.json", "precision is 0", "a target half-width above 0 and at most 50")]
    [InlineData("precision-too-high.json", "precision is 60", "at most 50 percentage points")]
    [InlineData("budget-negative.json", "timeBudgetMinutes is -5", "minutes above 0")]
    [InlineData("foreign-no-command.json", "workloads[0].trainer.command is missing", "the program and its arguments")]
    [InlineData("foreign-unknown-runtime.json", "workloads[0].trainer.runtime is 'tensorflow'", "torchsharp, pytorch")]
    [InlineData("foreign-with-restarts.json", "maxRestarts is 1", "0 with a foreign trainer")]
    [InlineData("sweep-empty.json", "sweep is an empty grid", "at least one axis")]
    [InlineData("sweep-duplicate.json", "sweep.nodes is 2 (listed 2 times)", "each value once")]
    [InlineData("sweep-batch-over-dataset.json", "sweep.batchPerWorker[1] is 30000", "at most 20000 with 3 workers")]
    [InlineData("sweep-nodes-over-cluster.json", "sweep.nodes is 3", "at most 2, the nodes of the cluster virtual-2")]
    [InlineData("precision-without-budget.json", "precision is 3", "a time budget as well", "timeBudgetMinutes")]
    public async Task A_malformed_experiment_file_exits_2_naming_file_and_field_and_writes_nothing(string file, params string[] expected)
    {
        var (exitCode, output) = await ValidateAsync("--experiments", Path.Combine(Corpus(), file));

        AssertRefused(exitCode, output, [Path.GetFileNameWithoutExtension(file), .. expected]);
    }

    [Theory]
    [InlineData(new[] { "--repetitions", "0" }, "--repetitions", "is 0")]
    [InlineData(new[] { "--warmups", "-1" }, "--warmups", "is -1")]
    [InlineData(new[] { "--warmup-epochs", "-2" }, "--warmup-epochs", "is -2")]
    [InlineData(new[] { "--modes", "native,native" }, "--modes", "'native,native'")]
    [InlineData(new[] { "--modes", "vm" }, "--modes", "vm")]
    [InlineData(new[] { "--repetitions", "many" }, "--repetitions", "many")]
    [InlineData(new[] { "--experiments", "no-such-experiment" }, "--experiments", "'no-such-experiment'")]
    [InlineData(new[] { "--experiments", "/nonexistent/draft.json" }, "--experiments", "'/nonexistent/draft.json'")]
    [InlineData(new[] { "--results", "" }, "--results", "empty")]
    [InlineData(new[] { "--results", "/proc/x" }, "--results", "'/proc/x'", "under /proc")]
    [InlineData(new[] { "--results", "/sys/testbed-results" }, "--results", "under /sys")]
    [InlineData(new[] { "--results", "/dev/shm/testbed-results" }, "--results", "under /dev")]
    [InlineData(new[] { "--max-restarts", "-1" }, "--max-restarts", "is -1", "0 to 100")]
    [InlineData(new[] { "--precision", "-1" }, "--precision", "is -1", "at most 50 percentage points", "0 for no target")]
    [InlineData(new[] { "--precision", "51" }, "--precision", "is 51")]
    [InlineData(new[] { "--precision", "tight" }, "--precision", "'tight'")]
    [InlineData(new[] { "--time-budget", "0" }, "--time-budget", "is 0", "minutes above 0")]
    [InlineData(new[] { "--precision", "3", "--experiments", "smoke" }, "--precision", "is 3", "a time budget as well", "--time-budget <minutes>")]
    [InlineData(new[] { "--inject-faults", "explode" }, "--inject-faults", "'explode'", "none or kill-worker or stop-node")]
    [InlineData(new[] { "--inject-faults", "stop-node", "--experiments", "smoke", "--max-restarts", "1" }, "--inject-faults",
        "'stop-node' on the local cluster local", "a virtual cluster")]
    [InlineData(new[] { "--inject-faults", "kill-worker", "--experiments", "smoke" }, "--inject-faults", "restart budget of 0", "--max-restarts 1")]
    [InlineData(new[] { "--cpu-policy", "refuse", "--experiments", "tests/Orchestration.Tests/BadInputs/experiments/over-budget.json" }, "over-budget.json",
        "cpusPerWorker", "3.6 cores", "--cpu-policy scale")]
    public async Task A_bad_parameter_exits_2_naming_it_and_writes_nothing(string[] arguments, params string[] expected)
    {
        var (exitCode, output) = await ValidateAsync(arguments);

        AssertRefused(exitCode, output, expected);
    }

    [Fact]
    public async Task A_results_folder_inside_a_run_folder_or_on_a_file_is_refused()
    {
        var run = Directory.CreateDirectory(Path.Combine(_scratch, "20261129T000000Z-abcdef0")).FullName;
        File.WriteAllText(Path.Combine(run, RunLayout.ManifestFile), "{}");
        var file = Path.Combine(_scratch, "a-file");
        File.WriteAllText(file, "");

        var (insideCode, inside) = await ValidateAsync("--results", Path.Combine(run, "nested"));
        var (fileCode, onFile) = await ValidateAsync("--results", file);

        var (belowFileCode, belowFile) = await ValidateAsync("--results", Path.Combine(file, "results"));

        AssertRefused(insideCode, inside, ["--results", "is a run folder", run]);
        AssertRefused(fileCode, onFile, ["--results", "is a file"]);
        AssertRefused(belowFileCode, belowFile, ["--results", $"{file} is a file"]);
        Assert.False(Directory.Exists(Path.Combine(run, "nested")));
    }

    private void AssertRefused(int exitCode, string output, IEnumerable<string> expected)
    {
        Assert.True(exitCode == 2, $"exit code {exitCode}, expected 2:\n{output}");
        // The console wraps long lines at word boundaries: compare with whitespace runs collapsed.
        var text = System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " ");
        foreach (var fragment in expected) Assert.True(text.Contains(fragment, StringComparison.Ordinal), $"the message does not name '{fragment}':\n{output}");
        Assert.DoesNotContain("   at ", output); // no stack trace
        Assert.False(Directory.Exists(Path.Combine(_scratch, "results")), "something was written to the results folder");
        Assert.False(Directory.Exists(Path.Combine(_scratch, "cache")), "something was written to the cache");
    }

    /// <summary>Runs the repository's build as a person would, with its own results folder and cache.</summary>
    private async Task<(int ExitCode, string Output)> ValidateAsync(params string[] arguments)
    {
        var repository = IntegrationEnvironment.Repository();
        var build = Path.Combine(repository, "build", "bin", "Debug", "net10.0", "_build.dll");
        Assert.True(File.Exists(build), $"{build} is missing: run the tests through ./build.sh Test, which compiles the build first.");
        var defaults = new List<string> { "ValidateExperiments", "--results", Path.Combine(_scratch, "results"), "--cache-dir",
            Path.Combine(_scratch, "cache") };
        var result = await ProcessRunner.RunAsync("dotnet", [build, .. defaults, .. arguments], TimeSpan.FromMinutes(1), CancellationToken.None, repository,
            new Dictionary<string, string?> { ["NO_COLOR"] = "1" }, check: false);
        return (result.ExitCode, result.Output);
    }
}
