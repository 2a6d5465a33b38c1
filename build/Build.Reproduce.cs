using System.Diagnostics;
using Testbed.Analysis.Results;
using Testbed.Analysis;
using Testbed.BuildKit;
using Testbed.Orchestration;
using Testbed.Orchestration.Progress;
using Testbed.Orchestration.Runner;
using Testbed.Runs;

namespace Testbed.Build;

partial class Build
{
    /// <summary>
    /// The run to re-run and its request. "latest" is resolved when Reproduce starts, through the run
    /// folder the last RunScenario wrote (artifacts/last-run.txt), before the re-run makes a newer one.
    /// </summary>
    RerunPlan PrepareRerun()
    {
        try
        {
            var folder = RunLocator.ResolveAfterLastRun(ResultsDirectory, Run, LastRunFile)
                ?? throw new BuildFailedException("RunScenario made no run folder, so there " +
                    "is nothing to reproduce (--run <folder|run-id> names an earlier run).");
            return RunnerDoor.PrepareRerun(folder, Repetitions, RootDirectory, ResultsDirectory, Results);
        }
        catch (Exception e) when (e is RunFormatException or BadInputException)
        {
            throw new UsageException(e.Message);
        }
    }

    Target Reproduce => _ => _
        .Description("Re-runs --run (a folder, a run id, or latest) from the copies of its inputs, with its parameters (--repetitions may lower them), on " +
            "its cluster, into a new run folder with its report; writes reproduction.md/.json " +
            "there. Fails when an exact item differs on the same CPU or a timing drifted.")
        .DependsOn(Images, ProvisionReportTools)
        .After(RunScenario, Report)
        // A named run is checked before anything runs; "latest" may be the run RunScenario is about to make.
        .Requires(() =>
        {
            if (Cluster.Length > 0)
            {
                throw new UsageException($"--cluster is '{Cluster}'; Reproduce runs on the cluster the " +
                    $"run used (its copy in {RunLayout.InputsFolder}/clusters/); leave --cluster out.");
            }
            if (!string.Equals(Run, RunLocator.Latest, StringComparison.OrdinalIgnoreCase)) PrepareRerun();
        })
        .Executes(async () =>
        {
            var clock = Stopwatch.StartNew();
            var (rerun, run) = PrepareRerun();
            var rerunChecked = clock.Elapsed;
            Reporter.Info($"Re-running {rerun.Original.RunId} ({string.Join(", ", rerun.Original.Experiments.Select(e => e.Name))}, " +
                $"{run.Request.Repetitions} measured repetitions per mode, cluster {run.Cluster.Name})");
            foreach (var note in rerun.Notes) Reporter.Warn(note);
            var outcome = await AsUsageAsync(() => OnNodes(() =>
                Runner.RunAsync(run, RunDisplay.For(Console), LastRunFile, AnalysisTargets.HeadlinePrecision, CancellationToken)));

            clock.Restart();
            await AnalysisTargets.ReportAsync(ResultsDirectory, outcome.RunDirectory, cancellationToken: CancellationToken);
            var reportTime = clock.Elapsed;
            var (reproduction, path) = AnalysisTargets.Reproduction(rerun.OriginalDirectory, outcome.RunDirectory);
            var comparisonTime = clock.Elapsed - reportTime;
            foreach (var line in reproduction.Describe()) Reporter.Info(line);
            Reporter.Info($"Written: {path}. Reproduce's own work beyond the re-run: checking the run {rerunChecked.TotalSeconds:0.00} s, " +
                $"the re-run's report {reportTime.TotalSeconds:0.00} s, the comparison {comparisonTime.TotalSeconds:0.00} s.");
            if (!reproduction.Reproduced)
            {
                throw new BuildFailedException($"{outcome.RunDirectory} did not reproduce " +
                    $"{rerun.OriginalDirectory}:\n  {string.Join("\n  ", reproduction.Differences)}");
            }
        });
}
