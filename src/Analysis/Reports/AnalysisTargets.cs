using Testbed.Analysis.Comparison;
using Testbed.Analysis.Reference;
using Testbed.Analysis.Reporting;
using Testbed.Analysis.Reproduction;
using Testbed.Analysis.Results;
using Testbed.Analysis.Summary;

namespace Testbed.Analysis;

/// <summary>
/// The whole surface the build targets need, one call each, so Build.Report.cs stays a few lines:
/// <c>Report --run &lt;folder|latest&gt;</c>, <c>Compare --run &lt;a&gt; --against &lt;b&gt;</c> and
/// Reproduce's comparison of a run with its re-run.
/// <c>run</c> is a folder path, a run id under the results directory, or "latest".
/// </summary>
public static class AnalysisTargets
{
    /// <summary>Re-renders a saved run's report, then refreshes results/index.md.</summary>
    public static async Task<ReportResult> ReportAsync(string resultsDirectory, string run, ReportOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var folder = RunLocator.Resolve(resultsDirectory, run);
        var result = await ReportWriter.WriteAsync(folder, options, cancellationToken);
        RunIndex.Update(resultsDirectory);
        return result;
    }

    /// <summary>Judges whether <paramref name="rerunFolder"/> reproduced <paramref name="originalFolder"/> and writes reproduction.md and .json beside the
    /// re-run's report.</summary>
    /// <exception cref="RunFormatException">A file of either run folder is missing or malformed.</exception>
    public static (RunReproduction Reproduction, string MarkdownPath) Reproduction(string originalFolder, string rerunFolder)
    {
        var reproduction = RunReproduction.Compare(originalFolder, rerunFolder);
        return (reproduction, ReproductionWriter.Write(reproduction, rerunFolder));
    }

    /// <summary>Holds a run of a reference experiment against its committed reference (or, with <paramref name="update"/>, records this machine's entry in
    /// it).</summary>
    /// <exception cref="RunFormatException">The run folder or the reference file is malformed.</exception>
    public static ReferenceCheckResult CheckReference(string runFolder, string referenceFile, bool update) =>
        ReferenceCheck.Check(RunFolder.Load(runFolder), referenceFile, update);

    /// <summary>
    /// How precise each scenario's headline is so far in a run folder (RunScenario asks after every
    /// round whether to add one): the same interval the report prints. Reads status and records only.
    /// </summary>
    /// <exception cref="RunFormatException">A file of the run folder is missing or malformed.</exception>
    public static IReadOnlyList<HeadlinePrecision> HeadlinePrecision(string runFolder) => RunPrecision.Read(runFolder);

    /// <summary>ValidateExperiments' expected count: the pairs a target needs at the spread of the newest earlier run of the scenario on the cluster; null
    /// without one.</summary>
    public static PrecisionForecast? PrecisionForecast(string resultsDirectory, string cluster, string scenario, double targetPercent, int minimumRounds) =>
        RunPrecision.Forecast(resultsDirectory, cluster, scenario, targetPercent, minimumRounds);

    /// <summary>Compares two runs; writes nothing (the caller prints <see cref="RunComparison.ToMarkdown"/>).</summary>
    public static RunComparison Compare(string resultsDirectory, string run, string against) =>
        RunComparison.Compare(RunLocator.Resolve(resultsDirectory, run), RunLocator.Resolve(resultsDirectory, against));

    /// <summary>
    /// ./build.sh Predict: the cost model fitted on a saved run, printed for the requested sizes.
    /// The request is checked before the run is read (<see cref="PredictRequest.Parse"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A bad value, or a request the run cannot answer; the message names the parameter.</exception>
    /// <exception cref="RunFormatException">A file of the run folder is missing or malformed.</exception>
    public static string Predict(string resultsDirectory, string run, Model.PredictRequest request)
    {
        var folder = RunFolder.Load(RunLocator.Resolve(resultsDirectory, run), resources: false);
        return Model.PredictionTable.Render(folder.RunId, Model.CostModel.Fit(folder), request);
    }
}
