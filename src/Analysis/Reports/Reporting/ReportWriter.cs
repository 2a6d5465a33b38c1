using Microsoft.Extensions.Logging;
using Testbed.Analysis.Charts;
using Testbed.Analysis.Results;
using Testbed.Analysis.Run;
using Testbed.Analysis.Tables;

namespace Testbed.Analysis.Reporting;

/// <summary>Writes results/&lt;run&gt;/report/: report.html, report.md, charts/*.png + *.svg, tables/*.csv.</summary>
public static class ReportWriter
{
    /// <exception cref="RunFormatException">A file of the run folder is missing or malformed.</exception>
    public static Task<ReportResult> WriteAsync(string runFolder, ReportOptions? options = null, CancellationToken cancellationToken = default) =>
        WriteAsync(RunFolder.Load(runFolder), options, cancellationToken);

    public static Task<ReportResult> WriteAsync(RunFolder runFolder, ReportOptions? options = null, CancellationToken cancellationToken = default) =>
        WriteAsync(RunSummary.Of(options?.IncludeRestarted == true ? runFolder.IncludingRestarted() : runFolder), options, cancellationToken);

    public static async Task<ReportResult> WriteAsync(RunSummary summary, ReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ReportOptions();
        var directory = Path.GetFullPath(options.OutputDirectory ?? Path.Combine(summary.RunPath, RunLayout.ReportFolder));
        var chartsDirectory = Path.Combine(directory, "charts");
        var tablesDirectory = Path.Combine(directory, "tables");
        // The report folder is ours alone: start clean so no chart or table of an older rendering lingers.
        foreach (var owned in new[] { chartsDirectory, tablesDirectory })
        {
            if (Directory.Exists(owned))
                Directory.Delete(owned, recursive: true);
        }

        Directory.CreateDirectory(directory);

        var document = ReportDocument.For(summary, options.StatedNetwork);
        var tablePaths = document.CsvTables.Select(t => TableRenderers.WriteCsv(t, tablesDirectory)).ToList();

        var (images, imagePaths) = options.StaticImages
            ? await StaticChartExporter.TryWriteAsync(document.Charts.ToList(), chartsDirectory, options, cancellationToken)
            : (StaticImages.Skipped("turned off (ReportOptions.StaticImages = false)"), []);
        if (!images.Written)
            options.Logger.LogWarning("Static images skipped for {RunId}: {Reason}", summary.RunId, images.SkippedReason);

        var markdownPath = Path.Combine(directory, "report.md");
        await File.WriteAllTextAsync(markdownPath, MarkdownReport.Render(document, images), cancellationToken);
        var htmlPath = Path.Combine(directory, "report.html");
        await File.WriteAllTextAsync(htmlPath, HtmlReport.Render(document, images), cancellationToken);
        options.Logger.LogInformation("Report of {RunId} written to {Directory}", summary.RunId, directory);
        return new ReportResult(directory, htmlPath, markdownPath, tablePaths, imagePaths, images, summary);
    }
}
