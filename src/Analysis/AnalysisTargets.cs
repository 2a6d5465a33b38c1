using Testbed.Analysis.Comparison;
using Testbed.Analysis.Reporting;
using Testbed.Analysis.Results;

namespace Testbed.Analysis;

/// <summary>
/// The whole surface the build targets need, one call each, so Build.Report.cs stays a few lines:
/// <c>Report --run &lt;folder|latest&gt;</c> and <c>Compare --run &lt;a&gt; --against &lt;b&gt;</c>.
/// <c>run</c> is a folder path, a run id under the results directory, or "latest".
/// </summary>
public static class AnalysisTargets
{
    /// <summary>Re-renders a saved run's report, then refreshes results/index.md.</summary>
    public static async Task<ReportResult> ReportAsync(string resultsDirectory, string run, ReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        var folder = RunLocator.Resolve(resultsDirectory, run);
        var result = await ReportWriter.WriteAsync(folder, options, cancellationToken);
        RunIndex.Update(resultsDirectory);
        return result;
    }

    /// <summary>Compares two runs; writes nothing (the caller prints <see cref="RunComparison.ToMarkdown"/>).</summary>
    public static RunComparison Compare(string resultsDirectory, string run, string against) =>
        RunComparison.Compare(RunLocator.Resolve(resultsDirectory, run), RunLocator.Resolve(resultsDirectory, against));
}
