using Testbed.Analysis.Reporting;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Reporting;

[Trait("Tier", "Unit")]
public class RunIndexTests
{
    [Fact]
    public void Index_has_one_line_per_run_newest_first_with_date_scenarios_and_headline()
    {
        using var temp = Fixtures.CopyRuns(Fixtures.CleanRun, Fixtures.TroubledRun);

        var path = RunIndex.Update(temp.Path);

        Assert.Equal(Path.Combine(temp.Path, "index.md"), path);
        var rows = File.ReadAllLines(path).Where(l => l.StartsWith("| 2026", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.StartsWith($"| {Fixtures.TroubledRun} | 2026-11-28 12:00 | yes | thesis-single | thesis-single +30.2 % [", rows[0]);
        Assert.StartsWith($"| {Fixtures.CleanRun} | 2026-11-28 08:15 | yes | thesis-single, thesis-dual | thesis-single +17.0 % [", rows[1]);
        Assert.Contains("thesis-dual +21.9 % [", rows[1]);
    }

    [Fact]
    public void Unreadable_run_gets_a_line_saying_why_instead_of_breaking_the_index()
    {
        using var temp = Fixtures.CopyRuns(Fixtures.CleanRun);
        var broken = Path.Combine(temp.Path, "20261128T130000Z-badbad0");
        Directory.CreateDirectory(broken);
        File.WriteAllText(Path.Combine(broken, "manifest.json"), "{ not json");

        var lines = File.ReadAllLines(RunIndex.Update(temp.Path));

        Assert.Contains(lines, l => l.StartsWith("| 20261128T130000Z-badbad0 |", StringComparison.Ordinal) && l.Contains("unreadable:")
            && l.Contains("manifest.json"));
        Assert.Contains(lines, l => l.StartsWith($"| {Fixtures.CleanRun} |", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_target_renders_the_latest_run_and_links_it_from_the_index()
    {
        using var temp = Fixtures.CopyRuns(Fixtures.CleanRun, Fixtures.TroubledRun);

        var result = await AnalysisTargets.ReportAsync(temp.Path, "latest", new ReportOptions { StaticImages = false });

        Assert.Equal(Path.Combine(temp.Path, Fixtures.TroubledRun, "report"), result.ReportDirectory);
        Assert.Contains($"[{Fixtures.TroubledRun}]({Fixtures.TroubledRun}/report/report.md)", File.ReadAllText(Path.Combine(temp.Path, "index.md")));
    }
}
