using Testbed.Analysis.Reporting;
using Testbed.Analysis.Results;
using Testbed.Analysis.Run;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Running;
using Testbed.Orchestration.Tests.Running;

namespace Testbed.Runs.Tests;

/// <summary>
/// The writer and the reader of a run folder agree, without Docker: the real runner writes a run
/// folder from fake modes, and the real analysis loads it strictly and renders its report.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class WriterReaderContractTests : IDisposable
{
    private readonly string _results = Directory.CreateTempSubdirectory("testbed-contract-").FullName;

    public void Dispose() => Directory.Delete(_results, recursive: true);

    [Fact]
    public async Task A_folder_the_runner_writes_is_one_the_analysis_loads_and_reports_overhead_from()
    {
        var run = RunnerFixtures.Smoke([Mode.Native, Mode.Container], repetitions: 2, warmups: 1);
        var directory = RunLayout.CreateRunFolder(_results, DateTimeOffset.UtcNow, "0000000");
        var modes = new Dictionary<Mode, IExecutionMode>
        {
            [Mode.Native] = new FakeExecutionMode(Mode.Native, secondsPerEpoch: 10),
            [Mode.Container] = new FakeExecutionMode(Mode.Container, secondsPerEpoch: 12),
        };
        await new ScenarioRunner(modes, RunnerFixtures.Quiet(), TimeSpan.FromMilliseconds(10))
            .RunAsync(run.Plan, directory, RunnerFixtures.Manifest(directory, run), new DurationEstimate(), CancellationToken.None);

        var folder = RunFolder.Load(directory);
        var summary = RunSummary.Of(folder);
        var report = await ReportWriter.WriteAsync(folder, new ReportOptions { StaticImages = false });

        Assert.Equal(6, folder.Repetitions.Count);
        Assert.All(folder.Repetitions, r => Assert.Equal(RepetitionState.Succeeded, r.State));
        Assert.All(folder.Repetitions, r => Assert.NotEmpty(r.Metrics));
        var scenario = Assert.Single(summary.Scenarios);
        Assert.Equal("smoke", scenario.Name);
        // Fake containers take 12 s an epoch against 10 natively: +20 % on every measured repetition.
        Assert.Equal(1.2, scenario.Overhead!.Ratio, precision: 6);
        Assert.True(File.Exists(report.MarkdownPath));
        Assert.Contains("smoke", await File.ReadAllTextAsync(report.MarkdownPath));
        // The probes' throttling and page-fault counters reach the analysis, and the checks read them.
        var sample = folder.Repetitions[0].Metrics[^1];
        Assert.True(sample is { CpuPeriods: > 0, CpuThrottledPeriods: > 0, CpuThrottledSeconds: > 0, PageFaults: > 0 }, sample.ToString());
        Assert.DoesNotContain(summary.Checks.NotChecked, f => f.Check is "CPU throttling" && f.Where.Scenario is null);
        Assert.StartsWith("## Checks",
            (await File.ReadAllTextAsync(report.MarkdownPath)).Split("\n\n").First(p => p.StartsWith("## ", StringComparison.Ordinal)));
    }
}
