using Microsoft.Extensions.Logging;
using Testbed.Analysis.Charts;

namespace Testbed.Analysis.Reporting;

/// <summary>charts/&lt;id&gt;.png and .svg for every chart, through one chromium for all of them.</summary>
internal static class StaticChartExporter
{
    public static async Task<(StaticImages Images, IReadOnlyList<string> Paths)> TryWriteAsync(
        IReadOnlyList<ReportChart> charts, string directory, ReportOptions options, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        try
        {
            await using var renderer = await ChromiumChartRenderer.StartAsync(options.ChromiumPath, options.ChromiumTimeout);
            Directory.CreateDirectory(directory);
            foreach (var chart in charts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var png = Path.Combine(directory, chart.Id + ".png");
                await File.WriteAllBytesAsync(png, await renderer.RenderPngAsync(chart), cancellationToken);
                paths.Add(png);
                var svg = Path.Combine(directory, chart.Id + ".svg");
                await File.WriteAllTextAsync(svg, await renderer.RenderSvgAsync(chart), cancellationToken);
                paths.Add(svg);
            }
            return (StaticImages.Done, paths);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Images are a convenience for markdown viewers; the HTML report and the tables must still
            // be written. Half a set of images would mislead, so none are kept.
            options.Logger.LogWarning(e, "Could not render static images with {Chromium}", options.ChromiumPath);
            foreach (var path in paths)
                File.Delete(path);
            return (StaticImages.Skipped($"chromium could not render them ({e.GetType().Name}: {e.Message})"), []);
        }
    }
}
