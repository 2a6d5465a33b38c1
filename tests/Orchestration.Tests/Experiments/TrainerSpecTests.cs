using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Tests.Experiments;

/// <summary>The workload's trainer field: ours by default, a foreign command validated before any work.</summary>
[Trait("Tier", "Unit")]
public sealed class TrainerSpecTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("experiments-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private IReadOnlyList<ValidationError> Errors(string trainer, string extra = "")
    {
        File.WriteAllText(Path.Combine(_directory, "bad.json"),
            $$"""{ "name": "bad", {{extra}} "workloads": [ { "name": "w1", "workers": 2, "cpusPerWorker": 0.5, "trainer": {{trainer}} } ] }""");
        return Assert.Throws<ExperimentValidationException>(() => ExperimentLoader.Load(_directory, ["bad"], machineCores: 2)).Errors;
    }

    private Workload Loaded(string trainer)
    {
        File.WriteAllText(Path.Combine(_directory, "ok.json"),
            $$"""{ "name": "ok", "workloads": [ { "name": "w1", "workers": 2, "cpusPerWorker": 0.5 {{trainer}} } ] }""");
        return ExperimentLoader.Load(_directory, ["ok"], machineCores: 2).Single().Workloads.Single();
    }

    [Fact]
    public void Without_a_trainer_field_a_workload_runs_ours_on_the_torchsharp_runtime()
    {
        var trainer = Loaded("").Trainer;
        Assert.False(trainer.IsForeign);
        Assert.Equal((Runtimes.TorchSharp, true, "testbed"), (trainer.RuntimeName, trainer.WritesRecords, trainer.DisplayName));
    }

    [Fact]
    public void A_command_trainer_loads_with_its_runtime_command_and_progress()
    {
        var trainer = Loaded("""
            , "trainer": { "kind": "command", "runtime": "pytorch",
                           "command": ["python3", "/opt/trainers/pytorch/thesis_cnn.py", "--out", "{out}"], "progress": "none" }
            """).Trainer;
        Assert.True(trainer.IsForeign);
        Assert.False(trainer.WritesRecords);
        Assert.Equal("thesis_cnn.py (pytorch)", trainer.DisplayName);
    }

    [Fact]
    public void A_missing_command_is_named_with_an_example()
    {
        var error = Assert.Single(Errors("""{ "kind": "command", "runtime": "pytorch" }"""));
        Assert.Equal(("workloads[0].trainer.command", "missing"), (error.Field, error.Value));
        Assert.Contains("thesis_cnn.py", error.Expected);
    }

    [Fact]
    public void An_empty_command_is_refused()
    {
        Assert.Equal("workloads[0].trainer.command", Assert.Single(Errors("""{ "kind": "command", "runtime": "pytorch", "command": [] }""")).Field);
        Assert.Equal("workloads[0].trainer.command", Assert.Single(Errors("""{ "kind": "command", "runtime": "pytorch", "command": [" "] }""")).Field);
    }

    [Fact]
    public void An_unknown_runtime_is_named_with_the_known_ones()
    {
        var error = Assert.Single(Errors("""{ "kind": "command", "runtime": "tensorflow", "command": ["python3", "x.py"] }"""));
        Assert.Equal(("workloads[0].trainer.runtime", "'tensorflow'"), (error.Field, error.Value));
        Assert.Contains("torchsharp, pytorch", error.Expected);
    }

    [Fact]
    public void A_command_without_a_runtime_an_unknown_kind_or_progress_and_an_unknown_placeholder_are_all_reported()
    {
        var fields = Errors("""{ "kind": "script", "progress": "stdout" }""").Select(e => e.Field).ToList();
        Assert.Contains("workloads[0].trainer.kind", fields);
        Assert.Contains("workloads[0].trainer.progress", fields);
        var placeholder = Assert.Single(Errors("""{ "kind": "command", "runtime": "pytorch", "command": ["python3", "--lr={lr}"] }"""));
        Assert.Equal("workloads[0].trainer.command[1]", placeholder.Field);
        Assert.Contains("'{lr}' is none of them", placeholder.Expected);
        Assert.Equal("workloads[0].trainer.runtime", Assert.Single(Errors("""{ "kind": "command", "command": ["python3"] }""")).Field);
    }

    [Fact]
    public void Our_trainer_takes_no_command_and_no_other_runtime_and_unknown_trainer_fields_are_named()
    {
        Assert.Equal("workloads[0].trainer.command", Assert.Single(Errors("""{ "kind": "testbed", "command": ["x"] }""")).Field);
        Assert.Equal("workloads[0].trainer.runtime", Assert.Single(Errors("""{ "runtime": "pytorch" }""")).Field);
        Assert.Equal("workloads[0].trainer.args", Assert.Single(Errors("""{ "args": [] }""")).Field);
        Assert.Equal("workloads[0].trainer", Assert.Single(Errors("null")).Field);
    }

    [Fact]
    public void A_foreign_trainer_takes_no_restarts_and_no_tune_phase()
    {
        var fields = Errors("""{ "kind": "command", "runtime": "pytorch", "command": ["python3", "x.py"] }""",
                """ "maxRestarts": 1, "tune": { "epochs": 1 }, """)
            .Select(e => e.Field).ToList();
        Assert.Equal(["maxRestarts", "tune"], fields);
    }

    [Fact]
    public void Placeholders_are_filled_from_the_workload_with_the_invariant_culture()
    {
        var workload = new Workload { Name = "w", StepsPerEpoch = 5, BatchPerWorker = 32, LearningRate = 0.01, Seed = 7 };
        var filled = CommandPlaceholders.Fill(["python3", "--epochs", "{epochs}", "--lr={learningRate}", "{steps}/{batch}/{seed}", "{data}", "{out}"], workload,
            1, "/usr/share/d", "/results");
        Assert.Equal(["python3", "--epochs", "1", "--lr=0.01", "5/32/7", "/usr/share/d", "/results"], filled);
    }

    private static string RepositoryExperiments()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "experiments", "smoke-pytorch.json"))) return Path.Combine(directory.FullName, "experiments");
        }
        throw new DirectoryNotFoundException("experiments/ not found above the test assembly");
    }

    [Fact]
    public void The_shipped_foreign_experiments_load()
    {
        var experiments = ExperimentLoader.Load(RepositoryExperiments(), ["smoke-pytorch", "thesis-single-pytorch"], machineCores: 2);
        Assert.True(experiments[0].Workloads.Single().Trainer.IsForeign);
        Assert.Equal([false, true], experiments[1].Workloads.Select(w => w.Trainer.IsForeign));
        Assert.All(experiments, e => Assert.True(e.TotalCpus <= 2, $"{e.Name} asks for {e.TotalCpus} cores"));
    }
}
