using System.Text.Json;
using System.Text.Json.Nodes;
using Testbed.Analysis.Results;
using Testbed.Analysis.Run;
using Testbed.Analysis.Summary;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Summary;

[Trait("Tier", "Unit")]
public class RunSummaryTests
{
    private static readonly RunSummary Clean = RunSummary.Of(RunFolder.Load(Fixtures.Run(Fixtures.CleanRun)));
    private static readonly RunSummary Troubled = RunSummary.Of(RunFolder.Load(Fixtures.Run(Fixtures.TroubledRun)));

    [Fact]
    public void Scenarios_keep_the_manifest_s_order()
    {
        Assert.Equal(["thesis-single", "thesis-dual"], Clean.Scenarios.Select(s => s.Name));
    }

    [Fact]
    public void Warm_ups_are_listed_but_not_counted()
    {
        var single = Clean.Scenarios[0];

        Assert.Equal(3, single.TrainingSeconds.Native!.N);
        Assert.Equal(3, single.TrainingSeconds.Container!.N);
        Assert.All(single.Repetitions.Where(r => r.Index == 0), r => Assert.False(r.IsMeasured));
        Assert.Equal(8, single.Repetitions.Count);
    }

    [Fact]
    public void Failed_repetition_is_listed_with_its_error_and_never_averaged_in()
    {
        var single = Troubled.Scenarios.Single();
        var failed = single.Repetitions.Single(r => r.State == RepetitionState.Failed);

        Assert.Equal((Mode.Container, 2), (failed.Mode, failed.Index));
        Assert.Null(failed.ScenarioSeconds);
        Assert.Equal(2, single.TrainingSeconds.Container!.N);
        Assert.Equal(2, single.Overhead!.ContainerN);
        var counted = single.Repetitions.Where(r => r.Mode == Mode.Container && r.IsMeasured).Select(r => r.ScenarioSeconds!.Value);
        Assert.Equal(counted.Average(), single.TrainingSeconds.Container.Mean, 12);
    }

    [Fact]
    public void Repetitions_promised_by_the_parameters_but_absent_show_as_missing()
    {
        using var temp = Fixtures.CopyRuns(Fixtures.TroubledRun);
        var manifestPath = Path.Combine(temp.Path, Fixtures.TroubledRun, "manifest.json");
        // An interrupted run: the manifest never got to list native rep-3.
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        var repetitions = manifest["repetitions"]!.AsArray();
        repetitions.Remove(repetitions.Single(e => (string?)e!["mode"] == "native" && (int)e!["repetition"]! == 3));
        File.WriteAllText(manifestPath, manifest.ToJsonString());

        var single = RunSummary.Of(RunFolder.Load(Path.Combine(temp.Path, Fixtures.TroubledRun))).Scenarios.Single();

        var missing = single.Repetitions.Single(r => r.State == RepetitionState.Missing);
        Assert.Equal((Mode.Native, 3), (missing.Mode, missing.Index));
        Assert.Equal(2, single.TrainingSeconds.Native!.N);
    }

    [Fact]
    public void Per_node_epoch_cell_is_the_median_over_measured_repetitions()
    {
        // Read the fixture's records directly, independently of the loader.
        var seconds = new List<double>();
        var msPerStep = new List<double>();
        foreach (var k in new[] { 1, 2, 3 })
        {
            var path = Path.Combine(Fixtures.Run(Fixtures.CleanRun), "runs", "thesis-single", "native", $"rep-{k}", "w1", "worker-1.jsonl");
            var epoch2 = File.ReadLines(path).Select(l => JsonDocument.Parse(l).RootElement)
                .Single(e => e.GetProperty("type").GetString() == "epoch" && e.GetProperty("epoch").GetInt32() == 2);
            seconds.Add(epoch2.GetProperty("seconds").GetDouble());
            msPerStep.Add(epoch2.GetProperty("msPerStep").GetDouble());
        }

        var cell = Clean.Scenarios[0].Workloads.Single().EpochCells.Single(c => c is { Mode: Mode.Native, Epoch: 2, Rank: 1 });

        Assert.Equal(seconds.Order().ElementAt(1), cell.Seconds);
        Assert.Equal(msPerStep.Order().ElementAt(1), cell.MsPerStep);
        Assert.Equal(3, cell.N);
    }

    [Fact]
    public void Step_split_parts_add_up_to_the_step()
    {
        foreach (var split in Clean.Scenarios.SelectMany(s => s.Workloads).SelectMany(w => new[] { w.StepSplit.Native!, w.StepSplit.Container! }))
            Assert.Equal(split.StepMs, split.ComputeMs + split.AllReduceMs + split.OtherMs, 1);
    }

    [Fact]
    public void Dual_scenario_time_is_the_mean_of_its_two_workloads()
    {
        var dual = Clean.Scenarios[1];
        var rep = dual.Repetitions.First(r => r.IsMeasured);

        Assert.Equal(["w1", "w2"], dual.WorkloadNames);
        Assert.Equal((rep.WorkloadSeconds["w1"]!.Value + rep.WorkloadSeconds["w2"]!.Value) / 2, rep.ScenarioSeconds!.Value, 12);
    }

    [Fact]
    public void Weights_match_when_every_run_ends_with_one_hash_and_not_when_one_differs()
    {
        Assert.True(Clean.Scenarios[0].Weights.Match);
        Assert.False(Troubled.Scenarios[0].Weights.Match);
        Assert.Contains("sha256:0d1e5b7c93a2", Troubled.Scenarios[0].Weights.Detail);
    }

    [Fact]
    public void Thesis_figures_sit_beside_the_scenarios_the_thesis_ran()
    {
        Assert.Equal((150.0, 185.0), (Clean.Scenarios[0].Thesis!.NativeSeconds, Clean.Scenarios[0].Thesis!.ContainerSeconds));
        Assert.Equal((250.0, 318.0), (Clean.Scenarios[1].Thesis!.NativeSeconds, Clean.Scenarios[1].Thesis!.ContainerSeconds));
        Assert.Null(ThesisFigures.For("smoke"));
    }

    [Fact]
    public void Final_accuracy_per_mode_comes_from_the_chief()
    {
        var accuracy = Clean.Scenarios[0].Accuracy;

        Assert.Equal(0.741, accuracy.Native.TrainAccuracy);
        Assert.Equal(0.7602, accuracy.Container.TestAccuracy);
    }

    [Fact]
    public void Resource_use_is_summed_per_node_for_every_node()
    {
        var dual = Clean.Scenarios[1].Resources.Native!;

        Assert.Equal(["node-1", "node-2", "node-3"], dual.Samples.Select(s => s.Node).Distinct());
        // Two workloads place two workers on each node, so a busy node shows well over one core.
        Assert.True(dual.Samples.Where(s => s.ElapsedSeconds > 5).Average(s => s.CpuPercent) > 150);
    }

    [Fact]
    public void Environment_block_flattens_the_manifest_but_not_its_list_of_repetitions()
    {
        var keys = Clean.Environment.ToDictionary(e => e.Key, e => e.Value);

        Assert.Equal("20.10.24", keys["host.dockerVersion"]);
        Assert.Equal("sha256:5a9f3c1e", keys["image.id"]);
        Assert.Equal("native, container", keys["parameters.modes"]);
        Assert.DoesNotContain(keys.Keys, k => k.StartsWith("repetitions", StringComparison.Ordinal));
    }
}
