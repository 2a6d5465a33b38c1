using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Tests.Experiments;

[Trait("Tier", "Unit")]
public sealed class ExperimentLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("experiments-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string RepositoryExperiments()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "experiments")) && File.Exists(Path.Combine(directory.FullName, "global.json")))
                return Path.Combine(directory.FullName, "experiments");
        }

        throw new DirectoryNotFoundException("experiments/ not found above the test assembly");
    }

    private ExperimentValidationException Invalid(string json, string name = "bad")
    {
        File.WriteAllText(Path.Combine(_directory, name + ".json"), json);
        return Assert.Throws<ExperimentValidationException>(() => ExperimentLoader.Load(_directory, [name], machineCores: 2));
    }

    [Fact]
    public void The_shipped_experiments_load_with_the_thesis_hyper_parameters()
    {
        var experiments = ExperimentLoader.Load(RepositoryExperiments(), ["thesis-single", "thesis-dual", "smoke"], machineCores: 2);
        var single = experiments[0].Workloads.Single();
        Assert.Equal((3, 64, 0.001, 12, 70), (single.Workers, single.BatchPerWorker, single.LearningRate, single.Epochs, single.StepsPerEpoch));
        Assert.Equal(2, experiments[1].Workloads.Count);
        Assert.All(experiments, e => Assert.True(e.TotalCpus <= 2, $"{e.Name} asks for {e.TotalCpus} cores"));
        Assert.All(experiments, e => Assert.Matches("^[0-9a-f]{64}$", e.Sha256));
    }

    [Fact]
    public void The_reference_experiment_is_three_workers_on_this_host_that_fit_two_cores()
    {
        var repro = ExperimentLoader.Load(RepositoryExperiments(), ["repro"], machineCores: 2).Single();

        Assert.Null(repro.Cluster);
        Assert.Equal(3, repro.TotalWorkers);
        Assert.True(repro.TotalCpus <= 2, $"repro asks for {repro.TotalCpus} cores");
    }

    [Fact]
    public void Unknown_fields_are_reported_with_their_path_and_the_valid_ones()
    {
        var error = Invalid("""{ "name": "bad", "workloads": [ { "name": "w1", "cpus": 1 } ] }""");
        var problem = Assert.Single(error.Errors);
        Assert.Equal("workloads[0].cpus", problem.Field);
        Assert.Contains("cpusPerWorker", problem.Expected);
        Assert.EndsWith("bad.json", problem.File);
    }

    [Fact]
    public void Impossible_values_are_all_reported_at_once()
    {
        var error = Invalid("""
            { "name": "bad", "workloads": [
              { "name": "w1", "workers": 0, "cpusPerWorker": 3, "memoryMbPerWorker": 64, "learningRate": -1, "dataset": "imagenet" } ] }
            """);
        var fields = error.Errors.Select(e => e.Field).ToList();
        Assert.Contains("workloads[0].workers", fields);
        Assert.Contains("workloads[0].cpusPerWorker", fields);
        Assert.Contains("workloads[0].memoryMbPerWorker", fields);
        Assert.Contains("workloads[0].learningRate", fields);
        Assert.Contains("workloads[0].dataset", fields);
        Assert.Contains(error.Errors, e => e.Field == "workloads[0].cpusPerWorker" && e.Expected.Contains("at most 2"));
    }

    [Fact]
    public void A_dataset_folder_without_its_idx_files_is_reported_with_what_is_missing()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_directory, "data")).FullName;
        var error = Invalid($$"""{ "name": "bad", "workloads": [ { "name": "w1", "dataset": "dir:{{empty}}" } ] }""");
        Assert.Contains("train-images-idx3-ubyte", Assert.Single(error.Errors).Expected);
    }

    [Fact]
    public void The_name_must_match_the_file_and_workload_names_be_unique()
    {
        var error = Invalid("""{ "name": "other", "workloads": [ { "name": "w1" }, { "name": "w1" } ] }""");
        Assert.Contains(error.Errors, e => e.Field == "name");
        Assert.Contains(error.Errors, e => e.Field == "workloads[].name");
    }

    [Fact]
    public void Broken_json_and_unknown_experiments_are_reported_by_name()
    {
        var broken = Invalid("""{ "name": "bad", """);
        Assert.Contains("line", Assert.Single(broken.Errors).Field);

        var unknown = Assert.Throws<ExperimentValidationException>(() => ExperimentLoader.Load(_directory, ["nope"], 2));
        Assert.Contains("'nope'", unknown.Message);
    }

    [Fact]
    public void A_wrong_type_names_the_field()
    {
        var error = Invalid("""{ "name": "bad", "workloads": [ { "name": "w1", "workers": "three" } ] }""");
        Assert.Contains("workers", Assert.Single(error.Errors).Field);
    }
}
