using Testbed.Analysis;
using Testbed.BuildKit;
using Testbed.Orchestration.Progress;
using Testbed.Orchestration.Runner;
using Testbed.Runs;

namespace Testbed.Build;

partial class Build
{
    [Parameter("Experiments to run: names of files in experiments/ (thesis-single, thesis-dual, smoke), or paths to .json files.")]
    readonly string[] Experiments = ["thesis-single", "thesis-dual"];

    [Parameter("Measured repetitions of each scenario and mode (the thesis ran 5): the minimum rounds when a " +
        "scenario has a precision target; Reproduce measures the smaller of this and the rounds the run ran.")]
    readonly int Repetitions = 5;

    [Parameter("Warm-up repetitions per scenario and mode, recorded but flagged and never averaged.")]
    readonly int Warmups = 1;

    [Parameter("Epochs of a warm-up repetition (0: as many as a measured one).")]
    readonly int WarmupEpochs = 1;

    [Parameter("Pairs of short repetitions per mode, watched and unwatched, that measure once per run what sampling and mirroring cost (0: not measured).")]
    readonly int ObserverPairs = 1;

    [Parameter("Modes to run, interleaved across repetitions: native, container, container-host, container-bridge, or attribution (all of them).")]
    readonly string[] Modes = ["native", "container"];

    [Parameter("Folder the run folders go to (relative to the repository); checked before any work: a " +
        "folder this user can make or write, outside every run folder and not under /proc, /sys or /dev.")]
    readonly string Results = "results";

    [Parameter("When a scenario asks for more CPU than the machine has: scale every share down (said aloud) or refuse.")]
    readonly CpuPolicy CpuPolicy = CpuPolicy.Scale;

    [Parameter("Restarts each workload may take when a worker fails (from its newest checkpoint, " +
        "same mode); default: each experiment's maxRestarts (0 for the thesis scenarios).")]
    readonly int? MaxRestarts = null;

    [Parameter("Faults to inject into every measured repetition to measure recovery: none, kill-worker (one worker, chosen by a seed, " +
        "killed at a seeded step) or stop-node (a virtual node frozen past the trainer's timeout); both need a restart budget.")]
    readonly string InjectFaults = "none";

    [Parameter("Target half-width, in percentage points, of every scenario's headline interval (paired training-time overhead): after the --repetitions " +
        "minimum rounds (at least 3), whole interleaved rounds are added until it is reached or " +
        "--time-budget is spent. 0 turns targets off; default: each experiment's precision.")]
    readonly double? Precision = null;

    [Parameter("Time budget of the run in minutes, counted from the start of RunScenario's work (cluster ready, wire measurements, " +
        "repetitions): no round is added that would not fit. Default: the sum of the experiments' timeBudgetMinutes.")]
    readonly double? TimeBudget = null;

    AbsolutePath ResultsDirectory => AbsolutePath.From(Path.Combine(RootDirectory, Results));

    /// <summary>RunScenario writes the path of the run folder it made here; Report reads it.</summary>
    AbsolutePath LastRunFile => ArtifactsDirectory / "last-run.txt";

    RunArguments RunArguments => new(RootDirectory, Experiments, Repetitions, Warmups, WarmupEpochs, Modes, CpuPolicy, ResultsDirectory, Results)
    {
        Cluster = Cluster,
        MaxRestarts = MaxRestarts,
        InjectFaults = InjectFaults,
        Precision = Precision,
        TimeBudgetMinutes = TimeBudget,
        ObserverPairs = ObserverPairs,
    };

    Target ValidateExperiments => _ => _
        .Description("Checks the experiments and parameters, prints the planned work and its estimated duration; no cluster work.")
        .Executes(() =>
        {
            var run = AsUsage(() => RunnerDoor.Prepare(RunArguments));
            PlanTable.Write(Console, Reporter, run, (scenario, target) =>
                AnalysisTargets.PrecisionForecast(ResultsDirectory, run.Cluster.Name, scenario, target, run.Request.Repetitions));
        });

    Target RunScenario => _ => _
        .Description("Runs the --experiments' scenarios --repetitions times natively and in " +
            "Swarm containers, on their cluster, into a new results/<stamp>-<sha>/ folder.")
        .DependsOn(ValidateExperiments, Images, ForeignRuntimes, ProvisionCluster)
        .Executes(async () =>
        {
            var outcome = await AsUsageAsync(() => OnNodes(() =>
                Runner.RunAsync(RunnerDoor.Prepare(RunArguments), RunDisplay.For(Console), LastRunFile, AnalysisTargets.HeadlinePrecision, CancellationToken)));
            Reporter.Info($"{outcome.Repetitions.Count} repetitions ran, {outcome.Failed} failed; run folder {outcome.RunDirectory}");
            if (outcome.Failed > 0)
            {
                throw new BuildFailedException($"{outcome.Failed} repetition(s) failed; their " +
                    $"status.json files say why. The report (if planned) still shows the rest.");
            }
        });

    Target RunAllScenarios => _ => _
        .Description("The whole experiment: provision, build images, run every scenario N times in both modes, then the report.")
        .DependsOn(RunScenario, Report);
}
