using Testbed.Analysis.Reporting;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Reporting;

/// <summary>Runs that went badly must still render, and say what went wrong.</summary>
[Trait("Tier", "Unit")]
public class DegradedRunTests
{
    private static readonly ReportOptions WithoutImages = new() { StaticImages = false };

    [Fact]
    public async Task Run_whose_containers_all_failed_renders_and_gives_no_overhead()
    {
        using var temp = Fixtures.CopyRuns(Fixtures.TroubledRun);
        var run = Path.Combine(temp.Path, Fixtures.TroubledRun);
        foreach (var k in new[] { 1, 3 })
        {
            var status = Path.Combine(run, "runs", "thesis-single", "container", $"rep-{k}", "status.json");
            File.WriteAllText(status, File.ReadAllText(status)
                .Replace("\"status\":\"succeeded\"", "\"status\":\"failed\"")
                .Replace("\"error\":null", "\"error\":\"overlay network vanished\""));
        }

        var result = await ReportWriter.WriteAsync(run, WithoutImages);

        Assert.Null(result.Summary.Scenarios.Single().Overhead);
        var markdown = File.ReadAllText(result.MarkdownPath);
        Assert.Contains("thesis-single: no overhead can be given: a mode has no succeeded, measured repetition", markdown);
        Assert.Contains("3 repetition(s) did not succeed and are not counted", markdown);
        Assert.Contains("overlay network vanished", markdown);
    }

    [Fact]
    public async Task Incomplete_run_is_flagged_at_the_top_of_the_report()
    {
        using var temp = Fixtures.CopyRuns(Fixtures.TroubledRun);
        var run = Path.Combine(temp.Path, Fixtures.TroubledRun);
        var manifest = Path.Combine(run, "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"complete\":true", "\"complete\":false"));

        var result = await ReportWriter.WriteAsync(run, WithoutImages);

        Assert.Contains("This run is marked incomplete in its manifest", File.ReadAllText(result.MarkdownPath));
    }
}
