using Testbed.Analysis.Results;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Results;

[Trait("Tier", "Unit")]
public class RunFolderTests
{
    [Fact]
    public void Loads_every_repetition_the_manifest_lists_with_its_worker_records()
    {
        var run = RunFolder.Load(Fixtures.Run(Fixtures.CleanRun));

        Assert.Equal(Fixtures.CleanRun, run.RunId);
        Assert.Equal(16, run.Repetitions.Count); // 2 scenarios x 2 modes x (1 warm-up + 3)
        var dual = run.Repetitions.Single(r => r is { Scenario: "thesis-dual", Mode: Mode.Container, Index: 1 });
        Assert.Equal(["w1", "w2"], dual.Workloads.Keys.Order());
        Assert.All(dual.Workloads.Values, workers => Assert.Equal(3, workers.Count));
        Assert.All(dual.Workloads["w2"], w => Assert.Equal(3, w.Epochs.Count));
        Assert.NotEmpty(dual.Metrics);
        Assert.True(dual.IsMeasured);
        Assert.False(run.Repetitions.Single(r => r is { Scenario: "thesis-dual", Mode: Mode.Container, Index: 0 }).IsMeasured);
    }

    [Fact]
    public void Failed_repetition_loads_with_its_error_and_no_training_time()
    {
        var run = RunFolder.Load(Fixtures.Run(Fixtures.TroubledRun));

        var failed = run.Repetitions.Single(r => r is { Mode: Mode.Container, Index: 2 });
        Assert.Equal(RepetitionState.Failed, failed.State);
        Assert.False(failed.IsMeasured);
        Assert.Null(failed.ScenarioSeconds);
        Assert.Contains("exited with code 137", failed.Status!.Error);
    }

    [Fact]
    public void Workload_time_is_the_slowest_worker_s_total()
    {
        var rep = RunFolder.Load(Fixtures.Run(Fixtures.CleanRun)).Repetitions.Single(r => r is { Scenario: "thesis-single", Mode: Mode.Native, Index: 1 });

        Assert.Equal(rep.Workloads["w1"].Max(w => w.Final!.TotalSeconds), rep.WorkloadSeconds("w1"));
    }

    [Fact]
    public void Missing_run_folder_is_named_in_the_error()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-run-folder-" + Guid.NewGuid().ToString("N"));

        var e = Assert.Throws<RunFormatException>(() => RunFolder.Load(path));

        Assert.Equal(path, e.FilePath);
        Assert.Contains("manifest.json", e.Message);
    }

    [Fact]
    public void Missing_manifest_is_named_with_what_was_expected()
    {
        using var run = new TroubledRunCopy();
        var manifest = run.File("manifest.json");
        File.Delete(manifest);

        var e = run.LoadFails();

        Assert.Equal(manifest, e.FilePath);
        Assert.Contains("missing; expected the run manifest", e.Message);
    }

    [Fact]
    public void Manifest_without_a_required_field_names_the_field()
    {
        using var run = new TroubledRunCopy();
        var manifest = run.File("manifest.json");
        TroubledRunCopy.Edit(manifest, text => text.Replace("\"runId\":", "\"runIdentifier\":"));

        var e = run.LoadFails();

        Assert.Equal(manifest, e.FilePath);
        Assert.Contains("runId", e.Problem);
    }

    [Fact]
    public void Repetition_listed_twice_in_the_manifest_is_named()
    {
        using var run = new TroubledRunCopy();
        var manifest = run.File("manifest.json");
        TroubledRunCopy.Edit(manifest, text => text.Replace("\"repetition\":3,", "\"repetition\":2,"));

        var e = run.LoadFails();

        Assert.Equal(manifest, e.FilePath);
        Assert.Contains("repetition 2 is listed 2 times", e.Problem);
    }

    [Fact]
    public void Corrupt_worker_record_is_named_with_its_line_number()
    {
        using var run = new TroubledRunCopy();
        var log = run.File("runs", "thesis-single", "native", "rep-1", "w1", "worker-2.jsonl");
        var lines = File.ReadAllLines(log);
        lines[1] = lines[1][..40]; // a line cut off mid-object, as a full disk would leave it
        File.WriteAllLines(log, lines);

        var e = run.LoadFails();

        Assert.Equal(log, e.FilePath);
        Assert.StartsWith("line 2: expected one JSON object per line", e.Problem);
    }

    [Fact]
    public void Epoch_record_with_a_wrongly_typed_field_is_named()
    {
        using var run = new TroubledRunCopy();
        var log = run.File("runs", "thesis-single", "native", "rep-1", "w1", "worker-0.jsonl");
        TroubledRunCopy.Edit(log, text => text.Replace("\"msPerStep\":", "\"msPerStep\":\"fast\",\"x\":"));

        var e = run.LoadFails();

        Assert.Equal(log, e.FilePath);
        Assert.Contains("line 1: expected an epoch record", e.Problem);
    }

    [Fact]
    public void Missing_status_file_of_a_repetition_is_named()
    {
        using var run = new TroubledRunCopy();
        var status = run.File("runs", "thesis-single", "container", "rep-1", "status.json");
        File.Delete(status);

        var e = run.LoadFails();

        Assert.Equal(status, e.FilePath);
        Assert.Contains("status.json", e.Problem);
    }

    [Fact]
    public void Missing_worker_records_of_a_succeeded_repetition_are_named()
    {
        using var run = new TroubledRunCopy();
        var log = run.File("runs", "thesis-single", "container", "rep-3", "w1", "worker-1.jsonl");
        File.Delete(log);

        var e = run.LoadFails();

        Assert.Equal(log, e.FilePath);
        Assert.Contains("records of worker 1", e.Problem);
    }

    [Fact]
    public void Succeeded_repetition_whose_worker_never_finished_is_a_format_error()
    {
        using var run = new TroubledRunCopy();
        var log = run.File("runs", "thesis-single", "native", "rep-2", "w1", "worker-0.jsonl");
        File.WriteAllLines(log, File.ReadAllLines(log).Where(l => !l.Contains("\"type\":\"final\"")));

        var e = run.LoadFails();

        Assert.Equal(log, e.FilePath);
        Assert.Contains("expected a 'final' record", e.Problem);
    }

    [Fact]
    public void Metrics_file_with_a_bad_number_is_named_with_its_line()
    {
        using var run = new TroubledRunCopy();
        var metrics = run.File("runs", "thesis-single", "native", "rep-1", "metrics.csv");
        var lines = File.ReadAllLines(metrics);
        lines[3] = lines[3].Replace(",node-", ",node-").Replace(".", ",", StringComparison.Ordinal); // decimal commas, as a German locale would write
        File.WriteAllLines(metrics, lines);

        var e = run.LoadFails();

        Assert.Equal(metrics, e.FilePath);
        Assert.StartsWith("line 4:", e.Problem);
    }

    [Fact]
    public void Repetition_whose_folder_is_gone_is_loaded_as_missing()
    {
        using var copy = new TroubledRunCopy();
        Directory.Delete(copy.File("runs", "thesis-single", "native", "rep-3"), recursive: true);

        var run = RunFolder.Load(copy.Root);

        Assert.Equal(RepetitionState.Missing, run.Repetitions.Single(r => r is { Mode: Mode.Native, Index: 3 }).State);
    }

    /// <summary>A fresh copy of the troubled fixture run, to break one file of and load.</summary>
    private sealed class TroubledRunCopy : IDisposable
    {
        private readonly TempDirectory _temp = Fixtures.CopyRuns(Fixtures.TroubledRun);

        public string Root => Path.Combine(_temp.Path, Fixtures.TroubledRun);

        public string File(params string[] parts) => Path.Combine([Root, .. parts]);

        public RunFormatException LoadFails() => Assert.Throws<RunFormatException>(() => RunFolder.Load(Root));

        public static void Edit(string path, Func<string, string> edit) => System.IO.File.WriteAllText(path, edit(System.IO.File.ReadAllText(path)));

        public void Dispose() => _temp.Dispose();
    }
}
