using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Reporting;

/// <summary>What <see cref="ReportWriter"/> wrote. <see cref="Images"/> says whether PNG/SVG were skipped, and why.</summary>
public sealed record ReportResult(
    string ReportDirectory,
    string HtmlPath,
    string MarkdownPath,
    IReadOnlyList<string> TablePaths,
    IReadOnlyList<string> ImagePaths,
    StaticImages Images,
    RunSummary Summary);
