using Testbed.Analysis.Run;
using Testbed.Analysis.Stats;
using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Tables;

/// <summary>What driving the run took from the machine that drove it, per scenario and mode (driver.csv's CPU columns).</summary>
public static class DrivingMachineTables
{
    public static bool Has(RunSummary run) => run.Scenarios.Any(s => s.Modes.Any(m => s.DrivingMachine[m] is not null));

    public static ReportTable Table(RunSummary run)
    {
        var table = new TableBuilder("driving-machine", "What driving the run took from the machine",
            "Scenario", "Mode", "Repetitions", "Driver (% of one core)", "Driver range (%)", "Machine busy (% of one core)",
            "Nodes (% of one core)", "Outside the nodes (% of one core)", "Interrupts (% of one core)", "Steal (% of one core)",
            "Busiest programs outside the nodes (% of one core)");
        foreach (var scenario in run.Scenarios)
        {
            foreach (var mode in scenario.Modes)
            {
                if (scenario.DrivingMachine[mode] is not { } cost) continue;
                table.Row(scenario.Name, mode.ToName(), Format.Int(cost.Repetitions), Format.Number(cost.DriverPercent),
                    $"{Format.Number(cost.DriverMinPercent)}-{Format.Number(cost.DriverMaxPercent)}", Format.Number(cost.MachinePercent),
                    Format.Number(cost.NodesPercent), Format.Number(cost.OutsideNodesPercent), Format.Number(cost.InterruptPercent),
                    Format.Number(cost.StealPercent), Busiest(cost));
            }
        }
        return table.Build("Medians over the measured repetitions, each over the whole repetition (driver.csv: the driver process's CPU and " +
            "the machine's busy CPU, all cores, in % of one core). On virtual nodes, which share this machine's cores, Nodes is their own CPU " +
            "(nodes.csv) and Outside the nodes what the driver, the host's engine and the kernel took from those cores; elsewhere they are " +
            "not applicable. Interrupts (irq and softirq: the kernel's packet work, an overlay's included, wherever it ran) and Steal (time " +
            "the hypervisor gave this machine's cores to other guests: a machine that slows through a run shows it here) are parts of the " +
            "busy CPU, from /proc/stat. Busiest programs: the five that used most CPU outside the nodes (host-processes.csv: every process " +
            "read at a repetition's start and end, kernel threads by name), each the median over the repetitions that list it, with their " +
            "count where not all do. The check 'driving machine' reads the same figures.");
    }

    /// <summary>"dockerd 2.1, ksoftirqd 1.4 (3 of 5), ..."; the missing mark where no repetition was tallied.</summary>
    private static string Busiest(DrivingMachineSummary cost) =>
        cost.Programs.Count == 0 ? Format.None
        : string.Join(", ", cost.Programs.Take(5).Select(p => $"{p.Program} {Format.Number(p.Percent)}" +
            (p.Repetitions < cost.Repetitions ? $" ({Format.Int(p.Repetitions)} of {Format.Int(cost.Repetitions)})" : "")));
}
