using System.Text.Json;
using PuppeteerSharp;

namespace Testbed.Analysis.Charts;

/// <summary>
/// Renders charts to PNG and SVG with plotly.js's own Plotly.toImage in one headless chromium.
/// Plotly.NET.ImageExport 7.0.0 starts a new browser per image (2-3 s each here) and tries to
/// download Chrome unless told otherwise; one browser with one loaded page renders a chart in
/// well under a second (docs/environment.md), so this drives PuppeteerSharp, ImageExport's own engine,
/// the same way with the browser kept open.
/// </summary>
public sealed class ChromiumChartRenderer : IAsyncDisposable
{
    /// <summary>Debian's chromium needs these to run headless as root in a VM without a GPU (docs/environment.md).</summary>
    public static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    private readonly IBrowser _browser;
    private readonly IPage _page;
    private readonly string _hostPage;
    private readonly TimeSpan _timeout;

    private ChromiumChartRenderer(IBrowser browser, IPage page, string hostPage, TimeSpan timeout)
    {
        _browser = browser;
        _page = page;
        _hostPage = hostPage;
        _timeout = timeout;
    }

    public static async Task<ChromiumChartRenderer> StartAsync(string executablePath, TimeSpan timeout)
    {
        if (!File.Exists(executablePath))
        {
            throw new FileNotFoundException($"no chromium at {executablePath}; install Debian's 'chromium' " +
                $"package (apt-get install -y chromium) or set ReportOptions.ChromiumPath", executablePath);
        }
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = executablePath,
            Args = Flags,
            Timeout = (int)timeout.TotalMilliseconds,
        });
        // plotly.js (3.5 MB) loads once from a local file: faster than pushing it through the
        // DevTools protocol, and no network is touched.
        var hostPage = Path.Combine(Path.GetTempPath(), $"testbed-plotly-host-{Guid.NewGuid():N}.html");
        try
        {
            await File.WriteAllTextAsync(hostPage,
                $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><script>{PlotlyJs.Script}</script></head><body></body></html>");
            var page = await browser.NewPageAsync();
            page.DefaultTimeout = (int)timeout.TotalMilliseconds;
            await page.GoToAsync(new Uri(hostPage).AbsoluteUri);
            return new ChromiumChartRenderer(browser, page, hostPage, timeout);
        }
        catch
        {
            await browser.DisposeAsync();
            File.Delete(hostPage);
            throw;
        }
    }

    public async Task<byte[]> RenderPngAsync(ReportChart chart)
    {
        var dataUrl = await RenderAsync(chart, "png");
        return Convert.FromBase64String(dataUrl[(dataUrl.IndexOf(',') + 1)..]);
    }

    public async Task<string> RenderSvgAsync(ReportChart chart)
    {
        var dataUrl = await RenderAsync(chart, "svg");
        return SvgRoot.Canonical(Uri.UnescapeDataString(dataUrl[(dataUrl.IndexOf(',') + 1)..]));
    }

    /// <summary>
    /// plotly.js names an SVG's clip paths and defs after a random id (Lib.randstr, from
    /// Math.random), so the same chart rendered twice gave different bytes. Math.random is replaced
    /// by a small seeded generator (mulberry32), reset before every image: a re-rendered report is
    /// byte-identical. Nothing in a chart's look depends on those ids.
    /// </summary>
    private const string RenderFunction = """
        (figure, format, width, height, seed) => {
            let s = seed;
            Math.random = () => {
                s = (s + 0x6D2B79F5) | 0;
                let t = Math.imul(s ^ (s >>> 15), 1 | s);
                t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
                return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
            };
            return Plotly.toImage(figure, { format, width, height });
        }
        """;

    /// <summary>Any fixed number will do; this one is the bootstrap's, for want of a reason to pick another.</summary>
    private const int RandomSeed = Stats.Bootstrap.Seed;

    private async Task<string> RenderAsync(ReportChart chart, string format)
    {
        using var figure = JsonDocument.Parse(chart.FigureJson);
        // The page's default timeout covers navigation and waits, not a promise that never settles.
        return await _page.EvaluateFunctionAsync<string>(RenderFunction, figure.RootElement, format, chart.Width, chart.Height, RandomSeed).WaitAsync(_timeout);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _page.CloseAsync();
            await _browser.CloseAsync();
        }
        finally
        {
            // Dispose kills the chromium process if closing did not end it: no stray browsers.
            await _browser.DisposeAsync();
            File.Delete(_hostPage);
        }
    }
}
