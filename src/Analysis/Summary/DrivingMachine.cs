using MathNet.Numerics.Statistics;
using Testbed.Analysis.Results;

namespace Testbed.Analysis.Summary;

/// <summary>
/// What driving one repetition took from the machine that ran it (driver.csv's CPU columns), each
/// in % of one core over the repetition: the driver process, the whole machine's busy CPU and, on
/// a virtual cluster whose nodes share this machine, the nodes' own CPU (nodes.csv) and what is
/// left: the driver, the host's engine and the kernel, taken from the cores the nodes share. Two
/// parts of the machine's busy CPU name where time went without naming a process: interrupts (the
/// kernel's packet work, an overlay's among it) and steal (the hypervisor's other guests); the
/// tally of processes (host-processes.csv) names who used the rest.
/// </summary>
public sealed record DrivingMachineCost(double DriverPercent, double? MachinePercent, double? NodesPercent)
{
    public double? InterruptPercent { get; init; }
    public double? StealPercent { get; init; }

    /// <summary>Each program outside the nodes (its processes together, kernel threads by name) in % of one core; empty without a tally.</summary>
    public IReadOnlyDictionary<string, double> Programs { get; init; } = new Dictionary<string, double>();

    public double? OutsideNodesPercent => MachinePercent is { } machine && NodesPercent is { } nodes ? machine - nodes : null;
}

/// <summary>A mode's driving-machine costs over its measured repetitions: medians, and the driver's range.</summary>
public sealed record DrivingMachineSummary(
    int Repetitions, double DriverPercent, double DriverMinPercent, double DriverMaxPercent, double? MachinePercent, double? NodesPercent,
    double? OutsideNodesPercent)
{
    public double? InterruptPercent { get; init; }
    public double? StealPercent { get; init; }

    /// <summary>The programs outside the nodes, busiest first: each one's median over the repetitions whose tally lists it.</summary>
    public IReadOnlyList<ProgramCost> Programs { get; init; } = [];
}

/// <summary>
/// A program's CPU outside the nodes, in % of one core: the median over the <paramref name="Repetitions"/>
/// whose tally lists it (a tally keeps the busiest processes only, so one absent is unknown there, not 0).
/// </summary>
public sealed record ProgramCost(string Program, double Percent, int Repetitions);

public static class DrivingMachine
{
    /// <summary>A repetition shorter than this (its pulse's span) says nothing steady about CPU.</summary>
    public const double MinimumSeconds = 10;

    /// <param name="nodesOnThisMachine">The cluster's nodes are virtual nodes on the driving machine, so their CPU is part of its busy time.</param>
    public static DrivingMachineCost? Of(Repetition repetition, bool nodesOnThisMachine)
    {
        var last = repetition.Driver.LastOrDefault(d => d.DriverCpuSeconds is not null);
        if (last is null || last.ElapsedSeconds < MinimumSeconds) return null;
        double? Percent(double? seconds) => seconds / last.ElapsedSeconds * 100;
        var nodes = nodesOnThisMachine ? NodesPercent(repetition) : null;
        return new DrivingMachineCost(Percent(last.DriverCpuSeconds)!.Value, Percent(last.MachineBusySeconds), nodes)
        {
            InterruptPercent = Percent(last.MachineInterruptSeconds),
            StealPercent = Percent(last.MachineStealSeconds),
            Programs = repetition.HostProcesses.Where(p => !p.InsideTheNodes).GroupBy(p => p.Program)
                .ToDictionary(g => g.Key, g => g.Sum(p => p.CpuSeconds) / last.ElapsedSeconds * 100),
        };
    }

    public static DrivingMachineSummary? Summarize(IEnumerable<Repetition> measured, bool nodesOnThisMachine)
    {
        var costs = measured.Select(r => Of(r, nodesOnThisMachine)).OfType<DrivingMachineCost>().ToList();
        if (costs.Count == 0) return null;
        double? Median(Func<DrivingMachineCost, double?> value)
        {
            var values = costs.Select(value).OfType<double>().ToList();
            return values.Count == 0 ? null : values.Median();
        }
        var driver = costs.Select(c => c.DriverPercent).ToList();
        return new DrivingMachineSummary(costs.Count, driver.Median(), driver.Min(), driver.Max(), Median(c => c.MachinePercent),
            Median(c => c.NodesPercent), Median(c => c.OutsideNodesPercent))
        {
            InterruptPercent = Median(c => c.InterruptPercent),
            StealPercent = Median(c => c.StealPercent),
            Programs = costs.SelectMany(c => c.Programs).GroupBy(p => p.Key)
                .Select(g => new ProgramCost(g.Key, g.Select(p => p.Value).Median(), g.Count()))
                .OrderByDescending(p => p.Percent).ThenBy(p => p.Program, StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>Every node's mean CPU over the repetition, summed; null unless every node's was read.</summary>
    private static double? NodesPercent(Repetition repetition)
    {
        var totals = NodeTotalsAggregator.Totals(repetition.NodeMetrics);
        return totals.Count > 0 && totals.All(t => t.MeanCpuPercent is not null) ? totals.Sum(t => t.MeanCpuPercent!.Value) : null;
    }
}
