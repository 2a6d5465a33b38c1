using Spectre.Console;
using Testbed.Analysis;
using Testbed.Analysis.Reporting;
using Testbed.Analysis.Results;
using Testbed.Analysis.Run;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Progress;
using Testbed.Orchestration.Running;
using Testbed.Orchestration.Tests.Running;

namespace Testbed.Runs.Tests;

/// <summary>
/// The real runner adds rounds for a precision target, judged by the real analysis on the folder it
/// writes, with fake modes whose synthetic times make the headline's interval narrow round by round.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class PrecisionRunTests : IDisposable
{
    private readonly string _results = Directory.CreateTempSubdirectory("testbed-precision-").FullName;
    private readonly StringWriter _console = new();

    public void Dispose() => Directory.Delete(_results, recursive: true);

    /// <summary>Containers take 10 % longer than native's 10 s an epoch, times this round's noise on the log ratio.</summary>
    private static readonly double[] Noise = [0.02, -0.02, 0, 0.01, -0.01, 0, 0.005, -0.005, 0, 0.01, -0.01, 0];

    private static double ContainerEpoch(WorkloadLaunch launch) => launch.Repetition.Round is { } r ? 11 * Math.Exp(Noise[r % Noise.Length]) : 11;

    private async Task<(string Directory, RunOutcome Outcome)> RunAsync(double precision, double budgetMinutes, ManualClock clock, double launchSeconds)
    {
        var run = PreparedRun.From(new RunRequest(RepositoryExperiments(), ["smoke"], 3, 0, 1, [Mode.Native, Mode.Container], CpuPolicy.Scale, "unused")
        {
            Precision = precision,
            TimeBudgetMinutes = budgetMinutes,
        }, 2);
        var directory = RunLayout.CreateRunFolder(_results, DateTimeOffset.UtcNow, "0000000");
        void Took(WorkloadLaunch _) => clock.Advance(TimeSpan.FromSeconds(launchSeconds));
        var modes = new Dictionary<Mode, IExecutionMode>
        {
            [Mode.Native] = new FakeExecutionMode(Mode.Native, secondsPerEpoch: 10, started: Took),
            [Mode.Container] = new FakeExecutionMode(Mode.Container, epochSeconds: ContainerEpoch, started: Took),
        };
        var display = new PlainRunDisplay(AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_console) }));
        var control = new PrecisionControl(AnalysisTargets.HeadlinePrecision, clock.GetUtcNow()) { Clock = clock };
        var outcome = await new ScenarioRunner(modes, display, TimeSpan.FromMilliseconds(10), precision: control)
            .RunAsync(run.Plan, directory, RunnerFixtures.Manifest(directory, run), new DurationEstimate(), CancellationToken.None);
        return (directory, outcome);
    }

    private static string RepositoryExperiments([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "experiments"));

    private string Console => System.Text.RegularExpressions.Regex.Replace(_console.ToString(), @"\s+", " ");

    [Fact]
    public async Task Rounds_are_added_until_the_headline_meets_its_target_and_the_report_says_so()
    {
        var (directory, outcome) = await RunAsync(precision: 4, budgetMinutes: 60, new ManualClock(), launchSeconds: 1);

        // 3 minimum rounds: ±5.5 %; Stein's guard from their spread (s = 0.02) reaches ±4 % at 6 pairs.
        var manifest = RunManifest.Read(directory);
        var scenario = Assert.Single(manifest.Precision!.Scenarios);
        Assert.Equal((4.0, true, 6, 6, PrecisionStop.Met),
            (scenario.TargetPercent!.Value, scenario.Applied, scenario.Rounds, scenario.Pairs, scenario.Stop!.Value));
        Assert.Equal(3.865, scenario.HalfWidthPercent!.Value, 2);
        Assert.True(manifest.Complete);
        Assert.Equal(3, manifest.Precision.MinimumRounds);
        Assert.Equal(60, manifest.Precision.BudgetMinutes);
        // Added rounds keep the interleaving: round 3 container first, round 4 native first.
        var order = outcome.Repetitions.Select(r => $"{r.Mode.ToName()}{r.Round}").ToList();
        Assert.Equal(["native0", "container0", "container1", "native1", "native2", "container2", "container3", "native3", "native4", "container4", "container5",
            "native5"], order);

        Assert.Contains("smoke: ±5.5 % after 3 pairs, target ±4 %: one more round (60 min of the budget left, a round takes about", Console);
        Assert.Contains("smoke: ±3.9 % after 6 pairs, target ±4 %: met after 6 rounds", Console);
        Assert.Contains("Rounds ended, why each scenario stopped: smoke met after 6 rounds.", Console);

        // The report prints the interval the runner stopped on.
        var folder = RunFolder.Load(directory);
        var headline = Assert.Single(RunSummary.Of(folder).Scenarios).Overhead!;
        Assert.Equal(scenario.HalfWidthPercent.Value, headline.HalfWidthPercent!.Value, 3);
        Assert.Contains("Stein's two-stage interval from the 3 pairs of the minimum rounds", headline.Description);
        var report = await ReportWriter.WriteAsync(folder, new ReportOptions { StaticImages = false });
        Assert.Contains("±3.9 % (target ±4 %: met)", await File.ReadAllTextAsync(report.MarkdownPath));
    }

    [Fact]
    public async Task A_budget_that_would_not_hold_another_round_stops_the_rounds_and_the_report_says_what_it_would_take()
    {
        var clock = new ManualClock();

        // Each repetition "takes" 60 s: a round 2 min. 11 min: 3 minimum rounds (6), a 4th (8), a 5th (10), then 1 min left.
        var (directory, outcome) = await RunAsync(precision: 0.5, budgetMinutes: 11, clock, launchSeconds: 60);

        var scenario = Assert.Single(RunManifest.Read(directory).Precision!.Scenarios);
        Assert.Equal((5, PrecisionStop.Budget), (scenario.Rounds, scenario.Stop!.Value));
        Assert.Equal(10, outcome.Repetitions.Count);
        Assert.Contains("target ±0.5 %: one more round (5.0 min of the budget left, a round takes about 2.0 min)", Console);
        Assert.Contains("target ±0.5 %: stop, the budget would not hold another round (1.0 min of the budget left, a round takes about 2.0 min); about",
            Console);
        var report = await ReportWriter.WriteAsync(RunFolder.Load(directory), new ReportOptions { StaticImages = false });
        Assert.Matches(@"\(target ±0\.5 %: not met within the budget; about \d+ rounds would reach it at this spread\)",
            await File.ReadAllTextAsync(report.MarkdownPath));
    }

    [Fact]
    public async Task Without_a_target_the_run_keeps_its_fixed_count_and_records_the_half_width()
    {
        var (directory, outcome) = await RunAsync(precision: 0, budgetMinutes: 60, new ManualClock(), launchSeconds: 1);

        var scenario = Assert.Single(RunManifest.Read(directory).Precision!.Scenarios);
        Assert.Equal(6, outcome.Repetitions.Count);
        Assert.Equal((null, 3, PrecisionStop.Fixed), (scenario.TargetPercent, scenario.Rounds, scenario.Stop!.Value));
        Assert.Equal(5.47, scenario.HalfWidthPercent!.Value, 2);
    }
}

/// <summary>A clock that moves only when told: what the fake repetitions "took".</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
