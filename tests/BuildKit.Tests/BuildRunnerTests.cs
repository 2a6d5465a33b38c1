namespace Testbed.BuildKit.Tests;

[Trait("Tier", "Unit")]
public sealed class BuildRunnerTests : IDisposable
{
    private readonly SampleBuildRoot _root = new();

    public void Dispose() => _root.Dispose();

    private Task<(int ExitCode, string Output, DiamondBuild Build)> Run(params string[] args) => _root.RunAsync<DiamondBuild>("A", args);

    [Fact]
    public async Task Running_a_target_runs_its_dependencies_once_and_prints_a_summary()
    {
        var (exitCode, output, build) = await Run("D");
        Assert.Equal(0, exitCode);
        Assert.Equal(["A", "B", "C", "D"], build.Ran);
        Assert.Contains("Total", output);
        Assert.Contains("succeeded", output);
    }

    [Fact]
    public async Task A_failing_target_fails_the_build_and_skips_what_comes_after()
    {
        var (exitCode, output, build) = await Run("AfterFailure");
        Assert.Equal(1, exitCode);
        Assert.Equal(["A"], build.Ran);
        Assert.Contains("Fails failed", output);
        Assert.Contains("the tool said no", output);
        Assert.Contains("skipped", output);
    }

    [Fact]
    public async Task An_assured_target_still_runs_after_a_failure_but_the_build_fails()
    {
        var (exitCode, _, build) = await Run("Fails", "Report");
        Assert.Equal(1, exitCode);
        Assert.Equal(["A", "Report"], build.Ran);
    }

    [Theory]
    [InlineData(false, new[] { "A", "Narrow" })]
    [InlineData(true, new[] { "A", "B", "C", "D", "Narrow" })]
    public async Task A_target_s_dependencies_may_follow_the_parameters_given(bool all, string[] expected)
    {
        var (exitCode, _, build) = await Run(all ? ["Narrow", "--all"] : ["Narrow"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(expected, build.Ran);
    }

    [Fact]
    public async Task Plan_prints_the_order_and_runs_nothing()
    {
        var (exitCode, output, build) = await Run("--plan", "D");
        Assert.Equal(0, exitCode);
        Assert.Empty(build.Ran);
        Assert.True(output.IndexOf("1. A", StringComparison.Ordinal) < output.IndexOf("4. D", StringComparison.Ordinal), output);
    }

    [Fact]
    public async Task Usage_errors_exit_with_2_before_any_target_runs()
    {
        var (unknownTarget, _, build) = await Run("D", "Nope");
        Assert.Equal(2, unknownTarget);
        Assert.Empty(build.Ran);
        Assert.Equal(2, (await Run("D", "--repetitions", "lots")).ExitCode);
    }

    [Fact]
    public async Task A_target_that_rejects_its_input_exits_with_2_and_stops_the_expensive_work()
    {
        var (exitCode, output, build) = await _root.RunAsync<ValidatingBuild>("Expensive", "Expensive");
        Assert.Equal(2, exitCode);
        Assert.False(build.Ran);
        Assert.Contains("workers is 0", output);
    }

    [Fact]
    public async Task A_requirement_of_a_planned_target_is_checked_before_any_target_runs()
    {
        var (exitCode, output, build) = await _root.RunAsync<RequiringBuild>("Bench", "Bench");
        Assert.Equal(2, exitCode);
        Assert.Empty(build.Ran);
        Assert.Contains("--worlds is 0; expected at least 1.", output);

        var (fineExitCode, _, fine) = await _root.RunAsync<RequiringBuild>("Bench", "Bench", "--worlds", "2");
        Assert.Equal(0, fineExitCode);
        Assert.Equal(["Provision", "Bench"], fine.Ran);
    }

    [Fact]
    public async Task Help_lists_every_target_and_parameter_with_its_default()
    {
        var (exitCode, output, _) = await Run("--help");
        Assert.Equal(0, exitCode);
        foreach (var name in new[] { "AfterFailure", "--repetitions", "--cache-dir", "first" }) Assert.Contains(name, output);
        Assert.Contains("5", output);
    }

    [Fact]
    public async Task Closing_lines_come_last()
    {
        var (_, output, _) = await Run("Closing");
        Assert.Equal("Test: 3 passed, 0 failed", output.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public async Task The_schema_of_the_parameters_file_is_written_from_the_parameters()
    {
        await Run("--plan", "A");
        var schema = await File.ReadAllTextAsync(Path.Combine(_root.Folder, ".nuke", "build.schema.json"));
        Assert.Contains("\"Repetitions\"", schema);
        Assert.Contains("\"additionalProperties\": false", schema);
    }
}
