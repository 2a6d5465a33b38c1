using System.Text.RegularExpressions;
using Testbed.Analysis.Reporting;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Reporting;

[Trait("Tier", "Unit")]
public class ReportWriterTests
{
    private static readonly ReportOptions WithoutImages = new() { StaticImages = false };

    [Fact]
    public async Task Report_folder_holds_html_markdown_and_one_csv_per_table()
    {
        using var temp = Fixtures.CopyRuns(Fixtures.CleanRun);
        var run = Path.Combine(temp.Path, Fixtures.CleanRun);

        var result = await ReportWriter.WriteAsync(run, WithoutImages);

        Assert.Equal(Path.Combine(run, "report"), result.ReportDirectory);
        Assert.True(File.Exists(Path.Combine(run, "report", "report.html")));
        Assert.True(File.Exists(Path.Combine(run, "report", "report.md")));
        var document = ReportDocument.For(result.Summary);
        var expected = document.CsvTables.Select(t => Path.Combine(run, "report", "tables", t.Id + ".csv")).Order().ToList();
        Assert.Equal(expected, Directory.GetFiles(Path.Combine(run, "report", "tables")).Order().ToList());
        Assert.Equal(expected.Count, expected.Distinct().Count());
        Assert.Contains(Path.Combine(run, "report", "tables", "checks.csv"), expected);
    }

    [Fact]
    public async Task Csv_tables_use_the_invariant_culture_and_name_units_in_headers()
    {
        using var temp = Fixtures.CopyRuns(Fixtures.CleanRun);
        await ReportWriter.WriteAsync(Path.Combine(temp.Path, Fixtures.CleanRun), WithoutImages);

        var lines = File.ReadAllLines(Path.Combine(temp.Path, Fixtures.CleanRun, "report", "tables", "thesis-single-training-time.csv"));

        Assert.Equal("Mode,n,Mean (s),Median (s),SD (s),Min (s),Max (s)", lines[0]);
        Assert.Matches(@"^native,3,\d+\.\d\d,\d+\.\d\d,", lines[1]);
    }

    [Fact]
    public async Task Run_with_a_failed_repetition_renders_and_says_it_was_not_counted()
    {
        using var temp = Fixtures.CopyRuns(Fixtures.TroubledRun);

        var result = await ReportWriter.WriteAsync(Path.Combine(temp.Path, Fixtures.TroubledRun), WithoutImages);

        var markdown = await File.ReadAllTextAsync(result.MarkdownPath);
        Assert.Contains("1 repetition(s) did not succeed and are not counted: container rep-2 failed", markdown);
        Assert.Contains("| container | 2 | no | failed | – | – | no | worker 1 of w1 exited with code 137", markdown);
        Assert.Contains("paired, n = 2: unreliable", markdown);
        var html = await File.ReadAllTextAsync(result.HtmlPath);
        Assert.Contains("container rep-2 failed", html);
    }

    [Fact]
    public async Task Missing_chromium_still_writes_html_and_markdown_and_says_static_images_were_skipped()
    {
        using var temp = Fixtures.CopyRuns(Fixtures.TroubledRun);
        var options = new ReportOptions { ChromiumPath = Path.Combine(temp.Path, "no-such-chromium") };

        var result = await ReportWriter.WriteAsync(Path.Combine(temp.Path, Fixtures.TroubledRun), options);

        Assert.False(result.Images.Written);
        Assert.Contains("no-such-chromium", result.Images.SkippedReason);
        Assert.Empty(result.ImagePaths);
        Assert.Contains("**Static images were skipped**", await File.ReadAllTextAsync(result.MarkdownPath));
        Assert.DoesNotContain("](charts/", await File.ReadAllTextAsync(result.MarkdownPath));
        Assert.True(File.Exists(result.HtmlPath));
        Assert.Contains("STATIC IMAGES SKIPPED", result.Describe());
    }

    [Fact]
    public async Task Re_rendering_replaces_the_previous_report_instead_of_leaving_stale_files()
    {
        using var temp = Fixtures.CopyRuns(Fixtures.TroubledRun);
        var run = Path.Combine(temp.Path, Fixtures.TroubledRun);
        await ReportWriter.WriteAsync(run, WithoutImages);
        var stale = Path.Combine(run, "report", "tables", "from-an-older-version.csv");
        await File.WriteAllTextAsync(stale, "x");

        await ReportWriter.WriteAsync(run, WithoutImages);

        Assert.False(File.Exists(stale));
    }

    [Fact]
    public async Task Static_images_are_png_and_svg_for_every_chart_from_one_chromium()
    {
        // Needs Debian's chromium (the build provisions it). Without it the report must say images were
        // skipped; that branch is covered above with a path that cannot exist.
        using var temp = Fixtures.CopyRuns(Fixtures.TroubledRun);

        var result = await ReportWriter.WriteAsync(Path.Combine(temp.Path, Fixtures.TroubledRun));

        Assert.True(result.Images.Written, $"static images were skipped: {result.Images.SkippedReason}");
        var charts = ReportDocument.For(result.Summary).Charts.ToList();
        foreach (var chart in charts)
        {
            var png = await File.ReadAllBytesAsync(Path.Combine(result.ReportDirectory, "charts", chart.Id + ".png"));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            Assert.StartsWith("<svg", await File.ReadAllTextAsync(Path.Combine(result.ReportDirectory, "charts", chart.Id + ".svg")));
        }
        Assert.Equal(charts.Count * 2, result.ImagePaths.Count);
        var markdown = await File.ReadAllTextAsync(result.MarkdownPath);
        Assert.Equal(charts.Count, Regex.Matches(markdown, @"!\[[^\]]*\]\(charts/[^)]+\.png\)").Count);
    }
}
