using System.Diagnostics;
using Testbed.Analysis.Results;
using Testbed.Analysis;
using Testbed.BuildKit;
using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Progress;
using Testbed.Orchestration.Running;
using Testbed.Runs;

namespace Testbed.Build;

partial class Build
{
    (Rerun Rerun, PreparedRun Run)? _rerun;

    /// <summary>How long checking the run and its inputs took: part of Reproduce's own cost, said with the rest.</summary>
    TimeSpan _rerunChecked;

    /// <summary>Resolved once, before anything runs: afterwards "latest" would be the re-run itself.</summary>
    (Rerun Rerun, PreparedRun Run) PrepareRerun(string run)
    {
        if (Cluster.Length > 0)
            throw new UsageException($"--cluster is '{Cluster}'; Reproduce runs on the cluster the run used (its copy in {RunLayout.InputsFolder}/clusters/); leave --cluster out.");
        var clock = Stopwatch.StartNew();
        try
        {
            var folder = RunLocator.Resolve(ResultsDirectory, run);
            var rerun = Orchestration.Running.Rerun.Of(folder, RunManifest.Read(folder), Repetitions, new RerunSettings(RootDirectory, ResultsDirectory, Results));
            return (rerun, PreparedRun.From(rerun.Request, Environment.ProcessorCount));
        }
        catch (Exception e) when (e is RunFormatException or ExperimentValidationException)
        {
            throw new UsageException(e.Message);
        }
        finally
        {
            _rerunChecked = clock.Elapsed;
        }
    }

    Target Reproduce => _ => _
        .Description("Re-runs --run (a folder, a run id, or latest) from the copies of its inputs, with its parameters (--repetitions may lower them), on its cluster, into a new run folder with its report; writes reproduction.md/.json there. Fails when an exact item differs on the same CPU or a timing drifted.")
        .DependsOn(Images, ProvisionReportTools)
        .After(RunScenario, Report)
        // With RunScenario in the same call the run to re-run does not exist yet; it is read after it ran.
        .Requires(() => { if (!ExecutionPlan.Contains(nameof(RunScenario))) _rerun = PrepareRerun(Run); })
        .Executes(async () =>
        {
            var (rerun, run) = _rerun ?? PrepareRerun(ScenarioRun.LastRun(LastRunFile) ?? throw new BuildFailedException("RunScenario made no run folder, so there is nothing to reproduce."));
            Reporter.Info($"Re-running {rerun.Original.RunId} ({string.Join(", ", rerun.Original.Experiments.Select(e => e.Name))}, {run.Request.Repetitions} measured repetitions per mode, cluster {run.Cluster.Name})");
            foreach (var note in rerun.Notes) Reporter.Warn(note);
            RunOutcome outcome = null!;
            await OnNodes(async () => outcome = await ScenarioRun.ExecuteAsync(run, StageOutputs(), RunDisplay.For(Console), Reporter, LastRunFile, CancellationToken, AnalysisTargets.HeadlinePrecision));

            var clock = Stopwatch.StartNew();
            await AnalysisTargets.ReportAsync(ResultsDirectory, outcome.RunDirectory, cancellationToken: CancellationToken);
            var reportTime = clock.Elapsed;
            var (reproduction, path) = AnalysisTargets.Reproduction(rerun.OriginalDirectory, outcome.RunDirectory);
            var comparisonTime = clock.Elapsed - reportTime;
            foreach (var line in reproduction.Describe()) Reporter.Info(line);
            Reporter.Info($"Written: {path}. Reproduce's own work beyond the re-run: checking the run {_rerunChecked.TotalSeconds:0.00} s, " +
                $"the re-run's report {reportTime.TotalSeconds:0.00} s, the comparison {comparisonTime.TotalSeconds:0.00} s.");
            if (!reproduction.Reproduced)
                throw new BuildFailedException($"{outcome.RunDirectory} did not reproduce {rerun.OriginalDirectory}:\n  {string.Join("\n  ", reproduction.Differences)}");
        });
}
