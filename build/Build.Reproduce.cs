using System.Diagnostics;
using Testbed.Analysis;
using Testbed.Analysis.Results;
using Testbed.BuildKit;
using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Running;
using Testbed.Runs;

namespace Testbed.Build;

partial class Build
{
    (Rerun Rerun, PreparedRun Run)? _rerun;

    /// <summary>Resolved once, before anything runs: afterwards "latest" would be the re-run itself.</summary>
    (Rerun Rerun, PreparedRun Run) PrepareRerun(string run)
    {
        if (Cluster.Length > 0)
            throw new UsageException($"--cluster is '{Cluster}'; Reproduce runs on the cluster the run used (its copy in {RunLayout.InputsFolder}/clusters/); leave --cluster out.");
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
            var outcome = await ScenarioRun.ExecuteAsync(run, StageOutputs(), Console, Reporter, LastRunFile, CancellationToken);

            var own = Stopwatch.StartNew();
            await AnalysisTargets.ReportAsync(ResultsDirectory, outcome.RunDirectory, cancellationToken: CancellationToken);
            var (reproduction, path) = AnalysisTargets.Reproduction(rerun.OriginalDirectory, outcome.RunDirectory);
            foreach (var line in reproduction.Describe()) Reporter.Info(line);
            Reporter.Info($"{path} (report and comparison took {own.Elapsed.TotalSeconds:0.0} s)");
            if (!reproduction.Reproduced)
                throw new BuildFailedException($"{outcome.RunDirectory} did not reproduce {rerun.OriginalDirectory}:\n  {string.Join("\n  ", reproduction.Differences)}");
        });
}
