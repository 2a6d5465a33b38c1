namespace Testbed.BuildKit.Tests;

[Trait("Tier", "Unit")]
public sealed class BackgroundTargetTests : IDisposable
{
    private readonly SampleBuildRoot _root = new();

    public void Dispose() => _root.Dispose();

    private Task<(int ExitCode, string Output, BackgroundBuild Build)> Run(params string[] args) => _root.RunAsync<BackgroundBuild>("NeedsSlow", args);

    [Fact]
    public async Task A_background_target_runs_beside_the_next_ones_and_its_output_comes_whole_after_theirs()
    {
        var (exitCode, output, build) = await Run("NeedsSlow");

        Assert.Equal(0, exitCode);
        // Slow finishes only once Quick has run, so Quick did not wait for it; NeedsSlow did.
        Assert.Equal(["Quick", "Slow", "NeedsSlow"], build.Ran);
        var quick = output.IndexOf("quick: done", StringComparison.Ordinal);
        var slowHeader = output.IndexOf("Slow (ran in the background)", StringComparison.Ordinal);
        var slow = output.IndexOf("slow: done", StringComparison.Ordinal);
        Assert.True(quick >= 0 && quick < slowHeader && slowHeader < slow, output);
        Assert.Contains("succeeded (in the background)", output);
        Assert.Contains("wall clock", output);
    }

    [Fact]
    public async Task A_failure_in_the_foreground_stops_the_background_target_and_the_build_ends()
    {
        var (exitCode, output, build) = await Run("HangsThenFails");

        Assert.Equal(1, exitCode);
        Assert.Empty(build.Ran);
        Assert.Contains("the tool said no", output);
        Assert.Contains("Hangs failed", output);
        Assert.Contains("cancelled (in the background)", output);
    }

    [Fact]
    public async Task A_background_target_that_fails_fails_the_build_where_a_target_needs_it()
    {
        var (exitCode, output, build) = await Run("NeedsBroken");

        Assert.Equal(1, exitCode);
        Assert.Equal(["Quick"], build.Ran);
        Assert.Contains("the download broke", output);
        Assert.Contains("failed (in the background)", output);
        Assert.Contains("skipped", output);
    }

    [Fact]
    public async Task A_background_target_with_nothing_after_it_runs_in_turn()
    {
        var (exitCode, _, build) = await Run("Alone");

        Assert.Equal(0, exitCode);
        Assert.Equal(["in turn"], build.Ran);
    }
}
