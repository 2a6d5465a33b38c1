using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Running;
using Testbed.Orchestration.Tests.Running;

namespace Testbed.Orchestration.Tests.Experiments;

/// <summary>A scenario's grid (issue 24): expanded into ordinary scenarios, and every bad grid refused before any work.</summary>
[Trait("Tier", "Unit")]
public sealed class SweepTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("experiments-sweep-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Repository([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    private string Write(string sweep, string workload = """{ "name": "w1", "cpusPerWorker": 0.4 }""", string name = "grid", string cluster = "virtual-4")
    {
        File.WriteAllText(Path.Combine(_directory, name + ".json"),
            $$"""{ "name": "{{name}}", "cluster": "{{cluster}}", "sweep": {{sweep}}, "workloads": [ {{workload}} ] }""");
        return name;
    }

    private IReadOnlyList<Experiment> Load(string name) => ExperimentLoader.Load(_directory, [name], machineCores: 2);

    private IReadOnlyList<ValidationError> Refused(string name) =>
        Assert.Throws<ExperimentValidationException>(() => ExperimentLoader.Load(_directory, [name], machineCores: 2)).Errors;

    private PreparedRun Prepare(string name, string cluster = "") =>
        PreparedRun.From(new RunRequest(_directory, [name], 1, 0, 0, [Mode.Native, Mode.Container], CpuPolicy.Refuse, Path.Combine(_directory, "results"))
        {
            Cluster = cluster,
            ClustersDirectory = Path.Combine(Repository(), "clusters"),
        }, new MachineLimits(2, 24_000));

    [Fact]
    public void A_grid_becomes_one_scenario_per_point_named_by_the_point_nodes_outer_batch_inner()
    {
        var points = Load(Write("""{ "nodes": [2, 3], "batchPerWorker": [32, 64, 128] }"""));

        Assert.Equal(["grid-n2-b32", "grid-n2-b64", "grid-n2-b128", "grid-n3-b32", "grid-n3-b64", "grid-n3-b128"], points.Select(p => p.Name));
        var n3b64 = points[4];
        Assert.Equal((3, 64), (n3b64.Workloads.Single().Workers, n3b64.Workloads.Single().BatchPerWorker));
        Assert.Equal(new SweepPoint("grid", 3, 64), n3b64.Point);
        Assert.Null(n3b64.Sweep);
        // Everything else is the file's: the same hash, file, cluster and workload settings.
        Assert.All(points, p =>
            Assert.Equal((points[0].File, points[0].Sha256, "virtual-4", 0.4), (p.File, p.Sha256, p.Cluster, p.Workloads.Single().CpusPerWorker)));
    }

    [Fact]
    public void An_axis_left_out_keeps_the_workloads_value_and_the_name_says_only_the_swept_one()
    {
        var points = Load(Write("""{ "batchPerWorker": [16, 48] }""", """{ "name": "w1", "workers": 2, "cpusPerWorker": 0.4 }"""));

        Assert.Equal(["grid-b16", "grid-b48"], points.Select(p => p.Name));
        Assert.All(points, p => Assert.Equal(2, p.Workloads.Single().Workers));
        Assert.Equal(new SweepPoint("grid", null, 48), points[1].Point);
    }

    [Fact]
    public void A_file_without_a_sweep_is_one_scenario_as_before()
    {
        File.WriteAllText(Path.Combine(_directory, "plain.json"),
            """{ "name": "plain", "workloads": [ { "name": "w1", "workers": 2, "cpusPerWorker": 0.4 } ] }""");

        var plain = Assert.Single(Load("plain"));
        Assert.Equal("plain", plain.Name);
        Assert.Null(plain.Point);
    }

    [Fact]
    public void Points_run_and_interleave_like_other_scenarios_placed_one_worker_per_node()
    {
        var run = Prepare(Write("""{ "nodes": [2, 4], "batchPerWorker": [32] }"""));

        Assert.Equal(["grid-n2-b32", "grid-n4-b32"], run.Experiments.Select(e => e.Name));
        Assert.Equal(["node-1", "node-2"], run.Experiments[0].Workloads.Single().Nodes);
        Assert.Equal(["node-1", "node-2", "node-3", "node-4"], run.Experiments[1].Workloads.Single().Nodes);
        // Both points are planned in both modes, as two scenarios are.
        Assert.Equal(4, run.Plan.Measured);
        Assert.Equal(2, run.Plan.Repetitions.Select(r => r.Experiment.Name).Distinct().Count());
    }

    [Fact]
    public void An_empty_grid_is_refused_naming_file_and_field()
    {
        var empty = Assert.Single(Refused(Write("{}")));
        Assert.Equal(("sweep", "an empty grid"), (empty.Field, empty.Value));
        Assert.EndsWith("grid.json", empty.File);

        var emptyAxis = Assert.Single(Refused(Write("""{ "nodes": [] }""", name: "axis")));
        Assert.Equal(("sweep.nodes", "an empty list"), (emptyAxis.Field, emptyAxis.Value));
    }

    [Fact]
    public void A_duplicate_point_is_refused()
    {
        var error = Assert.Single(Refused(Write("""{ "nodes": [2, 3, 2], "batchPerWorker": [64] }""")));
        Assert.Equal(("sweep.nodes", "2 (listed 2 times)"), (error.Field, error.Value));

        var batch = Assert.Single(Refused(Write("""{ "batchPerWorker": [64, 64] }""", name: "batches")));
        Assert.Equal("sweep.batchPerWorker", batch.Field);
    }

    [Fact]
    public void A_batch_the_data_set_cannot_hold_at_the_largest_node_count_is_refused()
    {
        // 60000 images: 20000 per worker fits 3 workers, not 4.
        var error = Assert.Single(Refused(Write("""{ "nodes": [2, 4], "batchPerWorker": [64, 20000] }""")));
        Assert.Equal(("sweep.batchPerWorker[1]", "20000"), (error.Field, error.Value));
        Assert.Contains("at most 15000 with 4 workers", error.Expected);
        Assert.Contains("60000 training images", error.Expected);
    }

    [Fact]
    public void Values_out_of_range_and_a_nodes_list_beside_a_node_axis_are_refused()
    {
        var errors = Refused(Write("""{ "nodes": [0, 2], "batchPerWorker": [-1] }""",
            """{ "name": "w1", "cpusPerWorker": 0.4, "nodes": ["node-1", "node-2", "node-3"] }"""));
        Assert.Contains(errors, e => e.Field == "sweep.nodes[0]" && e.Value == "0");
        Assert.Contains(errors, e => e.Field == "sweep.batchPerWorker[0]" && e.Value == "-1");
        Assert.Contains(errors, e => e.Field == "workloads[0].nodes" && e.Expected.Contains("one worker per node"));
    }

    [Fact]
    public void An_unknown_sweep_field_is_refused_with_the_known_ones()
    {
        var error = Assert.Single(Refused(Write("""{ "workers": [2] }""")));
        Assert.Equal("sweep.workers", error.Field);
        Assert.Contains("nodes, batchPerWorker", error.Expected);
    }

    [Fact]
    public void A_node_count_above_the_clusters_nodes_is_refused_before_any_work()
    {
        var name = Write("""{ "nodes": [2, 3, 4] }""", cluster: "virtual-3");

        var error = Assert.Single(Assert.Throws<ExperimentValidationException>(() => Prepare(name)).Errors);
        Assert.Equal(("sweep.nodes", "4"), (error.Field, error.Value));
        Assert.Contains("at most 3, the nodes of the cluster virtual-3", error.Expected);
        Assert.Equal(3, Prepare(name, cluster: "virtual-4").Experiments.Count);
    }

    [Fact]
    public void A_point_named_like_another_scenario_is_refused()
    {
        Write("""{ "batchPerWorker": [32] }""");
        File.WriteAllText(Path.Combine(_directory, "grid-b32.json"),
            """{ "name": "grid-b32", "workloads": [ { "name": "w1", "workers": 2, "cpusPerWorker": 0.4 } ] }""");

        var error = Assert.Single(Assert.Throws<ExperimentValidationException>(() => ExperimentLoader.Load(_directory, ["grid", "grid-b32"], 2)).Errors);
        Assert.Equal("'grid-b32' (" + Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.Combine(_directory, "grid.json")) + ", " +
                     Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.Combine(_directory, "grid-b32.json")) + ")", error.Value);
    }

    [Fact]
    public void The_shipped_scale_experiment_is_nine_points_on_virtual_4_one_worker_per_node_within_each_nodes_cores()
    {
        var run = PreparedRun.From(new RunRequest(Path.Combine(Repository(), "experiments"), ["scale"], 3, 1, 0, [Mode.Native, Mode.Container],
            CpuPolicy.Refuse, Path.Combine(_directory, "results"))
        {
            ClustersDirectory = Path.Combine(Repository(), "clusters"),
        }, new MachineLimits(2, 24_000));

        Assert.Equal("virtual-4", run.Cluster.Name);
        Assert.Equal(9, run.Experiments.Count);
        Assert.Equal([2, 3, 4], run.Experiments.Select(e => e.Point!.Nodes!.Value).Distinct());
        Assert.Equal([32, 64, 128], run.Experiments.Select(e => e.Point!.BatchPerWorker!.Value).Distinct());
        Assert.All(run.Experiments, e => Assert.Equal(e.Point!.Nodes, e.Workloads.Single().Nodes!.Distinct().Count()));
        Assert.Empty(run.Notes); // no CPU share scaled: 0.4 of a core fits each 0.45-core node
    }

    [Fact]
    public void A_sweep_run_records_each_point_keeps_its_file_once_and_a_re_run_expands_it_again()
    {
        var name = Write("""{ "nodes": [2, 3], "batchPerWorker": [32] }""");
        var run = Prepare(name);
        var folder = Path.Combine(_directory, "results", "20261205T000000Z-sweep00");
        Directory.CreateDirectory(folder);

        InputCopies.Write(folder, run);
        var manifest = RunnerFixtures.Manifest(folder, run) with
        {
            Repetitions = [new RepetitionEntry("grid-n2-b32", Mode.Native, 0, false, RepetitionOutcome.Succeeded, "runs/grid-n2-b32/native/rep-0", 1)],
        };

        Assert.Equal(["grid.json"], Directory.GetFiles(Path.Combine(folder, "inputs", "experiments")).Select(Path.GetFileName));
        // The point as the report reads it: definition.point {sweep, nodes, batchPerWorker}; no sweep left on a point.
        var point = manifest.Experiments[1].Definition.GetProperty("point");
        Assert.Equal(("grid", 3, 32),
            (point.GetProperty("sweep").GetString(), point.GetProperty("nodes").GetInt32(), point.GetProperty("batchPerWorker").GetInt32()));
        Assert.False(manifest.Experiments[1].Definition.TryGetProperty("sweep", out _));

        var rerun = Rerun.Of(folder, manifest, repetitions: 1, new RerunSettings(Repository(), Path.Combine(_directory, "results"), "results"));
        Assert.Equal([Path.Combine(folder, "inputs", "experiments", "grid.json")], rerun.Request.Experiments);
        Assert.Equal(["grid-n2-b32", "grid-n3-b32"], PreparedRun.From(rerun.Request, new MachineLimits(2, 24_000)).Experiments.Select(e => e.Name));
    }
}
