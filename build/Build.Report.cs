using Testbed.Analysis;
using Testbed.Analysis.Results;
using Testbed.BuildKit;

namespace Testbed.Build;

partial class Build
{
    [Parameter("Report, Compare and Reproduce: a run folder, a run id under results/, or 'latest'.")]
    readonly string Run = "latest";

    [Parameter("Compare: the run to compare --run against (a folder, a run id, or 'latest').")]
    readonly string Against = "";

    [Parameter("Report: count repetitions that succeeded after restarts in the statistics " +
        "(their time holds a recovery); by default they are listed and left out.")]
    readonly bool IncludeRestarted = false;

    Target ProvisionReportTools => _ => _
        .Description("Installs Debian's chromium for the report's static PNG/SVG charts when missing (without it the report says images were skipped).")
        .AssuredAfterFailure()
        .Executes(async () =>
        {
            try
            {
                await Host.EnsurePackagesAsync(["chromium"], "static chart images", CancellationToken);
            }
            catch (InvalidOperationException e)
            {
                Reporter.Warn($"{e.Message} The HTML and markdown report are written anyway, without PNG/SVG images.");
            }
        });

    /// <summary>Report's --bandwidth/--latency, checked by Predict's rules (exit 2 naming the parameter); measured when neither is given.</summary>
    Analysis.Model.Network StatedNetwork()
    {
        try
        {
            return Analysis.Model.Network.Parse(Bandwidth, Latency);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    Target Report => _ => _
        .Description("Renders results/<run>/report/ (report.html, report.md, charts, tables) " +
            "for --run (after RunScenario: the run just made) and updates results/index.md; --bandwidth/--latency " +
                "add the cost model's extrapolation on a stated host network.")
        .DependsOn(ProvisionReportTools)
        .After(RunScenario)
        .AssuredAfterFailure()
        // A stated network is checked before chromium is provisioned or any run is made.
        .Requires(() => StatedNetwork())
        .Executes(async () =>
        {
            try
            {
                // After RunScenario (or a failed one) the run it made, never an older run by mistake: through artifacts/last-run.txt.
                if (RunLocator.ResolveAfterLastRun(ResultsDirectory, Run, LastRunFile) is not { } run)
                {
                    Reporter.Warn("RunScenario produced no run folder, so there is nothing new to report (--run <folder|run-id> reports an earlier run).");
                    return;
                }
                var result = await AnalysisTargets.ReportAsync(ResultsDirectory, run,
                    new Analysis.Reporting.ReportOptions { IncludeRestarted = IncludeRestarted, StatedNetwork = StatedNetwork() }, CancellationToken);
                foreach (var line in result.Describe().Split('\n', StringSplitOptions.RemoveEmptyEntries)) Reporter.Info(line);
            }
            catch (Exception e) when (e is Runs.RunFormatException or DirectoryNotFoundException or FileNotFoundException or ArgumentException)
            {
                throw new UsageException(e.Message);
            }
        });

    Target Compare => _ => _
        .Description("Prints two runs' headline numbers side by side with a verdict per scenario: --run <a> --against <b>.")
        .Executes(() =>
        {
            if (string.IsNullOrWhiteSpace(Against))
            {
                throw new UsageException("Compare needs --against <run> (a folder, a run id under results/, " +
                    "or 'latest'), e.g. ./build.sh Compare --run latest --against 20261128T081500Z-1a2b3c4.");
            }
            try
            {
                Console.WriteLine(AnalysisTargets.Compare(ResultsDirectory, Run, Against).ToMarkdown());
            }
            catch (Exception e) when (e is Runs.RunFormatException or DirectoryNotFoundException or FileNotFoundException or ArgumentException)
            {
                throw new UsageException(e.Message);
            }
        });
}
