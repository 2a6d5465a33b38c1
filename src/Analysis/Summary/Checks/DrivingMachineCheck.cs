using Testbed.Analysis.Stats;
using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Checks;

/// <summary>
/// The machine that drives the run, when it is also where the nodes run (virtual nodes, this host):
/// virtual-3's nodes have 1.98 of the 2 cores between them, so every share of a core the driver,
/// the host's engine or the kernel takes while the workers train is taken from the nodes, and a
/// mode whose driving costs more hands its workers less.
/// </summary>
internal sealed class DrivingMachineCheck : ICheck
{
    /// <summary>The driver process's CPU, in % of one core, above which it competes with the workers on a shared machine.</summary>
    public const double DriverPercent = 5;

    /// <summary>How much the machine's CPU outside the nodes may differ between a mode and native, in points of one core.</summary>
    public const double ModeDifference = 2;

    public string Name => "driving machine";

    public string Rule =>
        $"the driver process above {DriverPercent:0} % of one core over a mode's repetitions (median, driver.csv), or on virtual nodes the " +
        $"machine's CPU outside the nodes differing from native's by more than {ModeDifference:0} points";

    public IEnumerable<Finding> Run(CheckInput input)
    {
        var shared = input.Manifest.Cluster is null or { Kind: "local" or "virtual" };
        if (!input.Measured.Any(r => r.Driver.Any(d => d.DriverCpuSeconds is not null)))
        {
            yield return Finding.Skipped(this, Place.Run, "the measured repetitions' driver.csv has no CPU columns (folders from before them)");
            yield break;
        }
        if (!shared)
        {
            yield return Finding.Skipped(this, Place.Run, "the nodes are other machines: the driver takes nothing from their cores");
            yield break;
        }
        foreach (var scenario in input.Scenarios)
        {
            var byMode = scenario.Modes.ToDictionary(m => m, m => scenario.Summary.DrivingMachine[m]);
            foreach (var (mode, cost) in byMode.Where(p => p.Value is { DriverPercent: > DriverPercent }))
            {
                yield return new Finding(Name, Severity.Warning, new Place(scenario.Name, mode),
                    $"the driver used {Format.Number(cost!.DriverPercent)} % of one core while the workers trained " +
                        $"(median over {cost.Repetitions} repetitions, {Format.Number(cost.DriverMinPercent)}-{Format.Number(cost.DriverMaxPercent)} %)",
                    "on a machine whose cores the nodes share, the driver's CPU is taken from the workers whenever all of them compute",
                    "see what the driver does during a repetition (its samplers, the mirrored records, the live display); " +
                        "run it at a lower priority, or drive the run from another machine");
            }
            if (byMode.GetValueOrDefault(Mode.Native)?.OutsideNodesPercent is not { } native) continue;
            foreach (var (mode, cost) in byMode.Where(p => p.Key != Mode.Native))
            {
                if (cost?.OutsideNodesPercent is not { } outside || Math.Abs(outside - native) <= ModeDifference) continue;
                yield return new Finding(Name, Severity.Warning, new Place(scenario.Name, mode),
                    $"the machine spent {Format.Number(outside)} % of one core outside the nodes against native's {Format.Number(native)} % " +
                        $"({Format.Number(outside - native, "+0.0;-0.0")} points; the driver {Format.Number(cost.DriverPercent)} % against " +
                        $"{Format.Number(byMode[Mode.Native]!.DriverPercent)} %{Interrupts(cost, byMode[Mode.Native]!)}{Grown(cost, byMode[Mode.Native]!)})",
                    "driving this mode cost the shared machine different CPU (the engine tunnels, stats streams, the host's engine, " +
                        "the kernel's network work): CPU the nodes could not use, and part of the measured overhead",
                    "name the process (top on the driving machine during a repetition of each mode); if it is the measurement's own, " +
                        "it should cost the same in both modes; interrupts that differ as much point at the kernel's packet work instead");
            }
        }
    }

    /// <summary>The interrupts' share of the difference, where both modes recorded it: the kernel's packet work has no process to name.</summary>
    private static string Interrupts(DrivingMachineSummary mode, DrivingMachineSummary native) =>
        mode.InterruptPercent is { } of && native.InterruptPercent is { } against
            ? $"; interrupts {Format.Number(of)} % against {Format.Number(against)} %"
            : "";

    /// <summary>The program outside the nodes whose CPU grew most over native's, where both were tallied: the process to look at first.</summary>
    private static string Grown(DrivingMachineSummary mode, DrivingMachineSummary native)
    {
        if (mode.Programs.Count == 0 || native.Programs.Count == 0) return "";
        var against = native.Programs.ToDictionary(p => p.Program, p => p.Percent);
        var grown = mode.Programs.MaxBy(p => p.Percent - against.GetValueOrDefault(p.Program))!;
        return $"; grown most: {grown.Program} {Format.Number(grown.Percent)} % against " +
            (against.TryGetValue(grown.Program, out var was) ? $"{Format.Number(was)} %" : "not among native's busiest");
    }
}
