using Testbed.Analysis.Checks;
using Testbed.Analysis.Reporting;
using Testbed.Analysis.Run;
using Testbed.Analysis.Summary;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Checks;

/// <summary>
/// What driving the run took from the machine the virtual nodes share: the driver's own CPU, and the
/// machine's CPU outside the nodes compared between modes. The builder's nodes run at 61.5 % of a
/// core each (60 % workers, 1.5 % besides), 184.5 % together.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class DrivingMachineCheckTests : IDisposable
{
    private const string Check = "driving machine";
    private const double Nodes = 184.5;

    private readonly TempDirectory _results = new();

    public void Dispose() => _results.Dispose();

    /// <summary>A pulse every 250 ms for 20 s whose CPU counters grow at the given rates (% of one core); interrupts at 4 %, steal at 1 %.</summary>
    private static IReadOnlyList<DriverSample> Pulse(double driverPercent, double machinePercent) =>
        Enumerable.Range(0, 81).Select(i => new DriverSample(i * 0.25, 0.5, 0.2)
        {
            DriverCpuSeconds = i * 0.25 * driverPercent / 100,
            MachineBusySeconds = i * 0.25 * machinePercent / 100,
            MachineInterruptSeconds = i * 0.25 * 0.04,
            MachineStealSeconds = i * 0.25 * 0.01,
        }).ToList();

    private static CheckRunBuilder Run(Func<Mode, (double Driver, double Machine)> cost, bool cluster = true) => new()
    {
        Cluster = cluster,
        Driver = (mode, _) => Pulse(cost(mode).Driver, cost(mode).Machine),
    };

    [Fact]
    public void A_driver_at_2_percent_costing_both_modes_alike_is_quiet_and_the_summary_holds_the_figures()
    {
        var builder = Run(_ => (2, Nodes + 5));

        CheckAssert.Quiet(builder.Checks(_results.Path), Check);
        var cost = RunSummary.Of(builder.Load(_results.Path)).Scenarios[0].DrivingMachine[Mode.Container]!;
        Assert.Equal(5, cost.Repetitions);
        Assert.Equal(2, cost.DriverPercent, precision: 6);
        Assert.Equal(Nodes, cost.NodesPercent!.Value, precision: 6);
        Assert.Equal(5, cost.OutsideNodesPercent!.Value, precision: 6);
        Assert.Equal(4, cost.InterruptPercent!.Value, precision: 6);
        Assert.Equal(1, cost.StealPercent!.Value, precision: 6);
    }

    [Fact]
    public void The_report_shows_each_mode_s_figures_in_a_section_of_their_own()
    {
        var run = RunSummary.Of(Run(mode => (mode == Mode.Container ? 3 : 2, Nodes + 5)).Load(_results.Path));

        var markdown = MarkdownReport.Render(ReportDocument.For(run), StaticImages.Skipped("off"));

        Assert.Contains("## The driving machine", markdown);
        Assert.Contains("| s | container | 5 | 3.0 | 3.0-3.0 | 189.5 | 184.5 | 5.0 | 4.0 | 1.0 |", markdown);
    }

    [Fact]
    public void The_busiest_programs_outside_the_nodes_are_named_and_the_check_says_which_grew_most()
    {
        // 20 s repetitions: 0.8 s is 4 % of one core. A node's process (under /docker/) is never outside the nodes.
        IReadOnlyList<HostProcessSample> Processes(Mode mode) =>
        [
            new("dockerd", 100, "/system.slice/docker.service", 0.4),
            new("ksoftirqd/0", 12, "/", mode == Mode.Container ? 0.5 : 0.05),
            new("ksoftirqd/1", 20, "/", mode == Mode.Container ? 0.3 : 0.05),
            new("testbed-trainer", 4000, "/docker/0dcb727bde96/testbed/w1-0", 12),
        ];
        var builder = Run(mode => (2, Nodes + (mode == Mode.Container ? 10 : 5))) with { HostProcesses = (mode, _) => Processes(mode) };
        var run = RunSummary.Of(builder.Load(_results.Path));

        var container = run.Scenarios[0].DrivingMachine[Mode.Container]!;
        Assert.Equal([("ksoftirqd", 4.0), ("dockerd", 2.0)], container.Programs.Select(p => (p.Program, Math.Round(p.Percent, 6))));
        Assert.All(container.Programs, p => Assert.Equal(5, p.Repetitions));
        var markdown = MarkdownReport.Render(ReportDocument.For(run), StaticImages.Skipped("off"));
        Assert.Contains("| ksoftirqd 4.0, dockerd 2.0 |", markdown);
        var finding = Assert.Single(CheckAssert.Fired(builder.Checks(_results.Path), Check));
        Assert.Contains("grown most: ksoftirqd 4.0 % against 0.5 %", finding.Seen);
    }

    [Fact]
    public void A_driver_at_8_percent_of_a_core_is_a_warning_on_its_mode()
    {
        var results = Run(mode => (mode == Mode.Container ? 8 : 2, Nodes + 10)).Checks(_results.Path);

        var finding = Assert.Single(CheckAssert.Fired(results, Check));
        Assert.Equal(new Place("s", Mode.Container), finding.Where);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("the driver used 8.0 % of one core", finding.Seen);
    }

    [Fact]
    public void Containers_costing_the_machine_5_points_more_outside_the_nodes_are_named()
    {
        var results = Run(mode => (2, Nodes + (mode == Mode.Container ? 10 : 5))).Checks(_results.Path);

        var finding = Assert.Single(CheckAssert.Fired(results, Check));
        Assert.Equal(new Place("s", Mode.Container), finding.Where);
        Assert.Contains("10.0 % of one core outside the nodes against native's 5.0 % (+5.0 points", finding.Seen);
        Assert.Contains("interrupts 4.0 % against 4.0 %", finding.Seen);
    }

    [Fact]
    public void Without_nodes_on_this_machine_only_the_driver_is_judged()
    {
        var results = Run(mode => (2, mode == Mode.Container ? 150 : 100), cluster: false).Checks(_results.Path);

        CheckAssert.Quiet(results, Check);
    }

    [Fact]
    public void Folders_from_before_the_cpu_columns_are_not_checked()
    {
        var results = new CheckRunBuilder { Driver = (_, _) => [new DriverSample(0, 0.5, 0.2), new DriverSample(15, 0.5, 0.2)] }.Checks(_results.Path);

        var note = Assert.Single(results.Findings, f => f.Check == Check);
        Assert.True(note.NotChecked);
        Assert.Contains("no CPU columns", note.Seen);
    }
}
