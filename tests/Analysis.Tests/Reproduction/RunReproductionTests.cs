using System.Text.Json;
using Testbed.Analysis.Reproduction;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Reproduction;

/// <summary>Reproduce's verdict on constructed pairs of run folders: exact items by identity, timings by intervals, environment first.</summary>
[Trait("Tier", "Unit")]
public sealed class RunReproductionTests : IDisposable
{
    private readonly TempDirectory _results = new();

    private static readonly RunFolderBuilder Original = new();

    private static readonly RunFolderBuilder Rerun = new() { RunId = "20261130T110000Z-aaaaaaa" };

    public void Dispose() => _results.Dispose();

    private RunReproduction Compare(RunFolderBuilder original, RunFolderBuilder rerun) =>
        RunReproduction.Compare(original.Write(_results.Path), rerun.Write(_results.Path));

    [Fact]
    public void Identical_runs_reproduce_with_every_exact_item_identical_and_every_timing_consistent()
    {
        var r = Compare(Original, Rerun);

        Assert.True(r.Reproduced, string.Join("\n", r.Differences));
        Assert.True(r.SameCpu);
        Assert.Empty(r.Environment);
        Assert.Equal(8, r.Exact.Count); // 4 items x 1 workload x 2 modes
        Assert.All(r.Exact, e => Assert.True(e.Identical, $"{e.Mode} {e.Item}: {e.Detail}"));
        Assert.Equal([StatisticalItem.Overhead, "native ms/step", "container ms/step"], r.Statistics.Select(s => s.Name));
        Assert.All(r.Statistics, s => Assert.Equal(Consistency.Consistent, s.Verdict));
        Assert.Contains("**Reproduced.** Every exact item is identical and every timing is consistent.", r.ToMarkdown());
    }

    [Fact]
    public void A_drifted_weights_hash_in_one_mode_is_named_as_a_difference()
    {
        var r = Compare(Original, Rerun with { ContainerHashOverride = "sha256:other" });

        Assert.False(r.Reproduced);
        Assert.Equal(["repro/w1 container weights hash: differs"], r.Differences);
        Assert.True(r.Exact.Single(e => e is { Mode: Mode.Native, Item: ExactItem.WeightsHash }).Identical);
    }

    [Fact]
    public void A_changed_learning_rate_names_the_loss_curve_and_the_hash_and_the_experiment_file_first()
    {
        var r = Compare(Original, Rerun with { LearningRate = 0.02, ExperimentSha256 = "experiment-b" });

        Assert.False(r.Reproduced);
        Assert.Contains("repro/w1 native loss curve: differs from epoch 1 on", r.Differences);
        Assert.Contains("repro/w1 native weights hash: differs", r.Differences);
        Assert.Contains("repro/w1 container loss curve: differs from epoch 1 on", r.Differences);
        Assert.Equal(new EnvironmentDifference("experiment repro (SHA-256 of its file)", "experiment-a", "experiment-b"), r.Environment.Single());
    }

    [Fact]
    public void Timings_with_overlapping_intervals_are_consistent_though_not_equal()
    {
        // The overhead is paired (one ratio per round), so the re-run's ratios must scatter around the original's too.
        var r = Compare(Original, Rerun with { MsPerStep = (mode, k) => mode == Mode.Native ? 50.3 + k % 3 * 0.5 : 52.1 + k % 3 * 0.8 });

        var native = r.Statistics.Single(s => s.Name == "native ms/step");
        Assert.NotEqual(native.Original!.Value, native.Rerun!.Value);
        Assert.Equal(Consistency.Consistent, native.Verdict);
        Assert.True(r.Reproduced, string.Join("\n", r.Differences));
    }

    [Fact]
    public void Timings_with_separated_intervals_drifted_even_when_every_exact_item_is_identical()
    {
        var r = Compare(Original, Rerun with { MsPerStep = (mode, k) => (mode == Mode.Native ? 80 : 52) + k % 3 * 0.5 });

        Assert.All(r.Exact, e => Assert.True(e.Identical));
        Assert.False(r.Reproduced);
        Assert.Equal(Consistency.Drifted, r.Statistics.Single(s => s.Name == "native ms/step").Verdict);
        Assert.Equal(Consistency.Consistent, r.Statistics.Single(s => s.Name == "container ms/step").Verdict);
        Assert.Contains("repro native ms/step: intervals separated: higher in the re-run", r.Differences);
        Assert.Contains("repro container overhead: intervals separated: lower in the re-run", r.Differences);
        Assert.Contains("**drifted** (intervals separated: higher in the re-run)", r.ToMarkdown());
    }

    [Fact]
    public void One_repetition_gives_no_interval_so_timings_are_not_judged_rather_than_compared_for_equality()
    {
        var r = Compare(Original with { Repetitions = 1 }, Rerun with { Repetitions = 1, MsPerStep = (_, _) => 70 });

        Assert.All(r.Statistics, s => Assert.Equal(Consistency.NotJudged, s.Verdict));
        Assert.True(r.Reproduced, string.Join("\n", r.Differences));
        Assert.Contains("not judged (one repetition gives no interval", r.ToMarkdown());
    }

    [Fact]
    public void Another_cpu_class_lists_the_cpu_first_and_reports_exact_differences_without_counting_them()
    {
        var r = Compare(Original, Rerun with { Cpu = RunFolderBuilder.Haswell });

        Assert.False(r.SameCpu);
        Assert.True(r.Reproduced, string.Join("\n", r.Differences));
        Assert.Contains("repro/w1 native weights hash: differs", r.ExpectedDifferences);
        Assert.Contains("repro/w1 native loss curve: differs from epoch 1 on", r.ExpectedDifferences);
        Assert.Equal(["CPU model", "CPU class", "CPU instruction sets"], r.Environment.Select(e => e.Item));
        Assert.Equal("also avx512f", r.Environment[2].Original);
        Assert.Contains("Reproduced.** Every timing is consistent; the CPU differs", r.ToMarkdown());
    }

    [Fact]
    public void Other_threads_per_worker_are_not_the_same_cpu()
    {
        var r = Compare(Original, Rerun with { Threads = 2 });

        Assert.False(r.SameCpu);
        Assert.Equal(new EnvironmentDifference("threads per worker", "repro/w1 1", "repro/w1 2"), r.Environment.Single());
        Assert.Contains("2 threads per worker", r.RerunCpu);
    }

    [Fact]
    public void A_changed_environment_is_listed_item_by_item_before_any_number()
    {
        var r = Compare(Original, Rerun with
        {
            Git = new GitFacts("bbbbbbb0000000000000000000000000000000000", true),
            ImageId = "sha256:image-b",
            PackagesSha256 = "packages-b",
            Kernel = "6.12.0-1-amd64",
            DockerVersion = "27.0.1",
        });

        Assert.True(r.Reproduced, string.Join("\n", r.Differences));
        Assert.Equal(["git commit", "image id", "rootfs package list (SHA-256)", "kernel", "Docker version"], r.Environment.Select(e => e.Item));
        Assert.Equal("bbbbbbb0000000000000000000000000000000000 (uncommitted changes)", r.Environment[0].Rerun);
        var markdown = r.ToMarkdown();
        Assert.True(markdown.IndexOf("| kernel | 6.1.0-40-amd64 | 6.12.0-1-amd64 |", StringComparison.Ordinal) < markdown.IndexOf("## Exact items",
            StringComparison.Ordinal));
    }

    [Fact]
    public void A_value_neither_run_recorded_is_agreement_not_a_difference()
    {
        var r = Compare(Original with { TestAccuracy = null }, Rerun with { TestAccuracy = null });

        var test = r.Exact.First(e => e.Item == ExactItem.TestAccuracy);
        Assert.Equal((ExactItem.NotRecorded, true), (test.Rerun, test.Identical));
        Assert.True(r.Reproduced, string.Join("\n", r.Differences));
    }

    [Fact]
    public void A_failed_repetition_of_the_re_run_is_a_difference_with_its_error()
    {
        var r = Compare(Original, Rerun with { FailedContainerRepetition = 1 });

        Assert.False(r.Reproduced);
        Assert.Contains("re-run repro container rep-1 failed: w1 rank 1: exit code 137", r.Differences);
    }

    [Fact]
    public void Reproduction_files_go_beside_the_re_run_s_report_with_the_verdict_first_in_the_json()
    {
        var original = Original.Write(_results.Path);
        var rerun = (Rerun with { ContainerHashOverride = "sha256:other" }).Write(_results.Path);

        var (reproduction, markdown) = AnalysisTargets.Reproduction(original, rerun);

        Assert.Equal(Path.Combine(rerun, "report", "reproduction.md"), markdown);
        Assert.Equal(reproduction.ToMarkdown(), File.ReadAllText(markdown));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(rerun, "report", "reproduction.json")));
        var first = json.RootElement.EnumerateObject().First();
        Assert.Equal(("reproduced", JsonValueKind.False), (first.Name, first.Value.ValueKind));
        Assert.Equal("repro/w1 container weights hash: differs", json.RootElement.GetProperty("differences")[0].GetString());
        Assert.Equal("sha256:other",
            json.RootElement.GetProperty("exact").EnumerateArray().Single(e => e.GetProperty("mode").GetString() == "container"
            && e.GetProperty("item").GetString() == "weights hash").GetProperty("rerun").GetString());
    }
}
