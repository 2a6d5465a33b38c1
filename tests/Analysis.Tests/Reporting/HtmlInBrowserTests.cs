using PuppeteerSharp;
using Testbed.Analysis.Charts;
using Testbed.Analysis.Reporting;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Reporting;

[Trait("Tier", "Integration")]
public class HtmlInBrowserTests
{
    [Fact]
    public async Task Report_page_draws_every_chart_in_chromium_without_touching_the_network()
    {
        // Needs Debian's chromium, as the static images do (the build provisions it).
        using var temp = Fixtures.CopyRuns(Fixtures.CleanRun);
        var result = await ReportWriter.WriteAsync(Path.Combine(temp.Path, Fixtures.CleanRun), new ReportOptions { StaticImages = false });
        var expectedCharts = ReportDocument.For(result.Summary).Charts.Count();

        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true, ExecutablePath = new ReportOptions().ChromiumPath, Args = ChromiumChartRenderer.Flags, Timeout = 60_000,
        });
        await using var page = await browser.NewPageAsync();
        var requests = new List<string>();
        var errors = new List<string>();
        await page.SetRequestInterceptionAsync(true);
        page.Request += async (_, e) =>
        {
            if (e.Request.Url.StartsWith("file:", StringComparison.Ordinal) || e.Request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                await e.Request.ContinueAsync();
            }
            else
            {
                requests.Add(e.Request.Url);
                await e.Request.AbortAsync();
            }
        };
        page.PageError += (_, e) => errors.Add(e.Message);

        await page.GoToAsync(new Uri(result.HtmlPath).AbsoluteUri);
        var drawn = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('div.chart.js-plotly-plot " +
            ".main-svg').length > 0 ? document.querySelectorAll('div.chart.js-plotly-plot').length : 0");

        Assert.Empty(errors);
        Assert.Empty(requests);
        Assert.Equal(expectedCharts, drawn);
    }
}
