using Testbed.Analysis.Run;

namespace Testbed.Analysis.Reporting;

/// <summary>What <see cref="ReportWriter"/> wrote. <see cref="Images"/> says whether PNG/SVG were skipped, and why.</summary>
public sealed record ReportResult(
    string ReportDirectory,
    string HtmlPath,
    string MarkdownPath,
    IReadOnlyList<string> TablePaths,
    IReadOnlyList<string> ImagePaths,
    StaticImages Images,
    RunSummary Summary)
{
    /// <summary>A few lines for the build's console: where the report is, and whether images were skipped.</summary>
    public string Describe()
    {
        var images = Images.Written
            ? $"{ImagePaths.Count} images in charts/"
            : $"STATIC IMAGES SKIPPED: {Images.SkippedReason}";
        return $"Report of {Summary.RunId}: {HtmlPath}\n  report.md, {TablePaths.Count} tables in tables/, {images}";
    }
}
