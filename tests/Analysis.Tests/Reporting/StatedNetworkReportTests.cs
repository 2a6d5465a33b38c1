using Testbed.Analysis.Model;
using Testbed.Analysis.Reporting;
using Testbed.Analysis.Run;
using Testbed.Analysis.Summary;
using Testbed.Analysis.Tests.Checks;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Reporting;

/// <summary>
/// Report --bandwidth/--latency: the cost model's extrapolation on a network the user states, beside
/// the measured one, named in the legend, the captions and the crossings; without one, the report as before.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class StatedNetworkReportTests : IDisposable
{
    private const string Stated = "container (stated: 10 Gbit/s, 50 us)";
    private static readonly StaticImages NoImages = StaticImages.Skipped("turned off (ReportOptions.StaticImages = false)");
    private readonly TempDirectory _results = new();

    public void Dispose() => _results.Dispose();

    private static ReportSection CostModel(ReportDocument document) => Assert.Single(document.Sections, s => s.Title == "Cost model");

    [Fact]
    public void The_charts_draw_the_stated_network_beside_the_measured_one_and_the_captions_and_crossings_name_it()
    {
        var summary = RunSummary.Of(new CheckRunBuilder().Load(_results.Path));

        var section = CostModel(ReportDocument.For(summary, Network.Parse(10, 50)));

        Assert.Contains(section.Blocks.OfType<ParagraphBlock>(), p => p.Text.StartsWith("EXTRAPOLATION", StringComparison.Ordinal)
            && p.Text.Contains("the network stated for the host path (10 Gbit/s, 50 us;", StringComparison.Ordinal));
        var crossings = Assert.Single(section.Blocks.OfType<TableBlock>(), b => b.Table.Id == "overhead-crossings").Table;
        var rows = crossings.Rows().ToList();
        // Per axis and threshold: the measured network's row, and the stated one's right after its mode's.
        Assert.Equal(["container", "container", Stated, Stated, "container", "container", Stated, Stated], rows.Select(r => r[0]));
        Assert.Contains("rows named \"stated\"", crossings.Note);
        Assert.Contains("(10 Gbit/s, 50 us;", crossings.Note);

        var charts = section.Blocks.OfType<ChartBlock>().Select(b => b.Chart).ToList();
        Assert.Equal(["overhead-vs-nodes", "overhead-vs-gradient"], charts.Select(c => c.Id));
        Assert.All(charts, c =>
        {
            Assert.Contains("named \"stated\"", c.Caption);
            Assert.Contains("(10 Gbit/s, 50 us;", c.Caption);
            Assert.Contains(Stated, c.FigureJson);
            Assert.Contains($"{Stated} band", c.FigureJson);
            Assert.Contains("container (predicted, measured network)", c.FigureJson);
            Assert.Contains("\"dashdot\"", c.FigureJson);
        });
        Assert.Contains("container (measured)", charts[0].FigureJson);
    }

    [Fact]
    public void Without_a_stated_network_the_report_is_the_one_drawn_on_the_measured_network_alone()
    {
        var summary = RunSummary.Of(new CheckRunBuilder().Load(_results.Path));

        var plain = ReportDocument.For(summary);
        var measured = ReportDocument.For(summary, Network.Measured);

        Assert.Equal(MarkdownReport.Render(plain, NoImages), MarkdownReport.Render(measured, NoImages));
        Assert.Equal(HtmlReport.Render(plain, NoImages), HtmlReport.Render(measured, NoImages));
        var section = CostModel(plain);
        Assert.Equal(4, Assert.Single(section.Blocks.OfType<TableBlock>(), b => b.Table.Id == "overhead-crossings").Table.Rows().Count());
        Assert.All(section.Blocks.OfType<ChartBlock>(), b =>
        {
            Assert.DoesNotContain("(stated:", b.Chart.FigureJson);
            Assert.DoesNotContain("measured network)", b.Chart.FigureJson);
            Assert.DoesNotContain("stated", b.Chart.Caption);
            Assert.Contains("container (predicted)", b.Chart.FigureJson);
        });
    }

    [Fact]
    public async Task Rendering_with_a_stated_network_and_again_without_keeps_what_else_the_report_folder_holds_and_gives_back_the_same_report()
    {
        var run = new CheckRunBuilder().Write(_results.Path);
        var report = Path.Combine(run, "report");
        var first = await ReportWriter.WriteAsync(run, new ReportOptions { StaticImages = false });
        var before = Files(report);
        // What Reproduce writes beside a re-run's report: not the report's, so never removed by rendering it.
        var reproduction = Path.Combine(report, "reproduction.md");
        await File.WriteAllTextAsync(reproduction, "reproduced");

        var stated = await ReportWriter.WriteAsync(run, new ReportOptions { StaticImages = false, StatedNetwork = Network.Parse(10, 50) });

        Assert.Contains(Stated, await File.ReadAllTextAsync(stated.MarkdownPath));
        Assert.Contains(Stated, await File.ReadAllTextAsync(Path.Combine(report, "tables", "overhead-crossings.csv")));
        Assert.Equal("reproduced", await File.ReadAllTextAsync(reproduction));

        await ReportWriter.WriteAsync(run, new ReportOptions { StaticImages = false });

        var after = Files(report);
        after.Remove("reproduction.md", out var kept);
        Assert.Equal("reproduced", kept);
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, file => Assert.Equal(file.Value, after[file.Key]));
        Assert.Equal(first.MarkdownPath, stated.MarkdownPath);
    }

    private static SortedDictionary<string, string> Files(string folder) =>
        new(Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllText),
            StringComparer.Ordinal);
}
