using System.Text.RegularExpressions;
using Testbed.Analysis.Reporting;
using Testbed.Analysis.Results;
using Testbed.Analysis.Run;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Reporting;

[Trait("Tier", "Unit")]
public class HtmlReportTests
{
    private static readonly ReportDocument Clean = ReportDocument.For(RunSummary.Of(RunFolder.Load(Fixtures.Run(Fixtures.CleanRun))));
    private static readonly string Html = HtmlReport.Render(Clean, StaticImages.Done);

    [Fact]
    public void Page_loads_no_script_style_or_image_from_the_network()
    {
        var external = Regex.Matches(Html, @"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase);

        Assert.Empty(external.Select(m => m.Value));
        Assert.DoesNotMatch(@"@import|url\(\s*[""']?https?:", Html);
    }

    [Fact]
    public void Plotly_js_is_embedded_exactly_once()
    {
        var opening = Testbed.Analysis.Charts.PlotlyJs.Script[..200];

        Assert.Single(Regex.Matches(Html, Regex.Escape(opening)));
    }

    [Fact]
    public void Every_expected_figure_has_exactly_one_chart()
    {
        string[] expected =
        [
            "scenario-comparison",
            "thesis-single-training-time", "thesis-single-drift", "thesis-single-startup", "thesis-single-step-response", "thesis-single-epoch-overhead",
                "thesis-single-step-split",
            "thesis-single-resources-native", "thesis-single-resources-container",
            "thesis-dual-training-time", "thesis-dual-drift", "thesis-dual-startup", "thesis-dual-step-response", "thesis-dual-epoch-overhead",
                "thesis-dual-step-split",
            "thesis-dual-resources-native", "thesis-dual-resources-container",
        ];

        var divs = Regex.Matches(Html, @"<div id=""chart-([^""]+)"" class=""chart"">").Select(m => m.Groups[1].Value).ToList();
        var plots = Regex.Matches(Html, @"Plotly\.newPlot\(""chart-([^""]+)""").Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(expected.Order(), divs.Order());
        Assert.Equal(expected.Order(), plots.Order());
    }

    [Fact]
    public void Every_table_is_an_html_table()
    {
        foreach (var table in Clean.Tables)
            Assert.Contains($"<table id=\"table-{table.Id}\">", Html);
    }

    [Fact]
    public void Single_scenario_run_has_no_scenario_comparison_chart()
    {
        var troubled = ReportDocument.For(RunSummary.Of(RunFolder.Load(Fixtures.Run(Fixtures.TroubledRun))));

        Assert.DoesNotContain(troubled.Charts, c => c.Id == "scenario-comparison");
    }
}
