using Testbed.Analysis.Reporting;
using Testbed.Analysis.Results;
using Testbed.Analysis.Run;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Summary;

/// <summary>A repetition that succeeded after a restart: listed, left out of the statistics unless asked, its recovery reported.</summary>
[Trait("Tier", "Unit")]
public sealed class RestartedRepetitionTests : IDisposable
{
    private readonly string _results = Directory.CreateTempSubdirectory("testbed-restarted-").FullName;

    public void Dispose() => Directory.Delete(_results, recursive: true);

    /// <summary>The builder's run, with container rep-1 rewritten as "rank 1 killed at step 12, resumed after epoch 1, recovered in 4.2 s".</summary>
    private string RunWithOneRestart()
    {
        var folder = new RunFolderBuilder { Repetitions = 3 }.Write(_results);
        Restart(folder, Mode.Container, 1);
        return folder;
    }

    private static void Restart(string folder, Mode mode, int index)
    {
        var repetition = Path.Combine(folder, RunLayout.RepetitionPath("repro", mode, index));
        var status = RepetitionStatus.Read(repetition);
        var at = status.StartedUtc;
        var failure = new AttemptFailure(1, "host-a", 137, "killed by signal 9 (SIGKILL)", at.AddSeconds(2), 12, 1,
            ["fault injection: rank 1 kills itself (SIGKILL) at step 12"]);
        WorkloadAttempt[] attempts =
        [
            new(0, at, at.AddSeconds(2), null, null) { Failure = failure, InjectedFault = new InjectedFault("kill-worker", 1, 12) },
            new(1, at.AddSeconds(3), at.AddSeconds(9), 1, "checkpoint-epoch-001.tbckpt") { RecoverySeconds = 4.2, StepsLost = 1 },
        ];
        (status with { Workloads = [status.Workloads[0] with { Attempts = attempts }] }).Write(repetition);
    }

    [Fact]
    public async Task A_run_whose_every_repetition_restarted_reports_its_recoveries_and_no_overhead()
    {
        // What --inject-faults gives: every measured repetition restarted, none left for the overhead.
        var folder = new RunFolderBuilder { Repetitions = 2 }.Write(_results);
        foreach (var mode in new[] { Mode.Native, Mode.Container })
            for (var index = 0; index < 2; index++) Restart(folder, mode, index);

        var result = await ReportWriter.WriteAsync(folder, new ReportOptions { StaticImages = false });

        var scenario = RunSummary.Of(RunFolder.Load(folder)).Scenarios.Single();
        Assert.Equal(4, scenario.Recovery.Count);
        Assert.Null(scenario.TrainingSeconds.Container);
        Assert.Contains("native: 2 restart(s)", await File.ReadAllTextAsync(result.MarkdownPath));
    }

    [Fact]
    public void A_restarted_repetition_is_listed_but_not_counted_unless_included()
    {
        var folder = RunFolder.Load(RunWithOneRestart());

        var scenario = RunSummary.Of(folder).Scenarios.Single();
        var restarted = scenario.Repetitions.Single(r => r.Mode == Mode.Container && r.Index == 1);
        Assert.Equal((1, true, false), (restarted.Restarts, restarted.RestartedExcluded, restarted.IsMeasured));
        Assert.Equal(2, scenario.TrainingSeconds.Container!.N);
        Assert.Equal(3, scenario.TrainingSeconds.Native!.N);

        var included = RunSummary.Of(folder.IncludingRestarted()).Scenarios.Single();
        Assert.Equal(3, included.TrainingSeconds.Container!.N);
    }

    [Fact]
    public void Each_restart_is_a_recovery_row_held_against_an_uninterrupted_repetitions_weights()
    {
        var scenario = RunSummary.Of(RunFolder.Load(RunWithOneRestart())).Scenarios.Single();

        var row = Assert.Single(scenario.Recovery);
        Assert.Equal((Mode.Container, 1, 1, 1, "killed by signal 9 (SIGKILL)", true, 12),
            (row.Mode, row.Repetition, row.Attempt, row.FailedRank, row.Cause, row.Injected, row.Step));
        Assert.Equal((1, 1, 4.2), (row.ResumedFromEpoch, row.StepsLost, row.RecoverySeconds));
        Assert.NotNull(row.UninterruptedHash);
        Assert.True(row.SameWeights);
    }

    [Fact]
    public async Task The_report_shows_the_recovery_and_says_the_repetition_was_left_out()
    {
        var folder = RunWithOneRestart();

        var result = await ReportWriter.WriteAsync(folder, new ReportOptions { StaticImages = false });

        var markdown = await File.ReadAllTextAsync(result.MarkdownPath);
        Assert.Contains("succeeded after 1 restart", markdown);
        Assert.Contains("restarted, excluded (Report --include-restarted counts it)", markdown);
        Assert.Contains("repro: recovery after failed workers", markdown);
        Assert.Contains("container: 1 restart(s), recovery median 4.20 s", markdown);
        Assert.Contains("killed by signal 9 (SIGKILL) (injected)", markdown);
    }
}
