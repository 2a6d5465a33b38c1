using System.Globalization;

namespace Testbed.Orchestration.Monitoring;

/// <summary>
/// The driving machine's CPU, all cores together, from the first line of /proc/stat, in seconds:
/// busy (every state but idle and iowait), and two parts of it that say where the time went
/// without a process to name: interrupts (irq and softirq, where the kernel moves network packets,
/// an overlay's encapsulation among them) and steal (the hypervisor ran another guest on a core
/// this machine wanted). On a virtual cluster the nodes run on this machine, so the busy time less
/// the nodes' own CPU is what the driver, the host's engine and the kernel took from the cores the
/// nodes share.
/// </summary>
public sealed record MachineCpu(double BusySeconds, double InterruptSeconds, double StealSeconds)
{
    private const string ProcStat = "/proc/stat";

    /// <summary>The kernel's unit for these counters, as for a process's (USER_HZ).</summary>
    private const double TicksPerSecond = ProcessCpu.TicksPerSecond;

    /// <summary>Seconds since boot; null where /proc/stat cannot be read or parsed.</summary>
    public static MachineCpu? Read()
    {
        try
        {
            using var reader = new StreamReader(ProcStat);
            return Parse(reader.ReadLine());
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Reads the aggregate line "cpu user nice system idle iowait irq softirq steal ..."; null when it is not one.</summary>
    public static MachineCpu? Parse(string? aggregateLine)
    {
        var fields = aggregateLine?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is null || fields.Length < 5 || fields[0] != "cpu") return null;
        // user, nice, system, idle, iowait, irq, softirq, steal; guest time is already inside user. Old kernels stop early: a missing one is 0.
        var ticks = new long[9];
        for (var i = 1; i < Math.Min(fields.Length, 9); i++)
            if (!long.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out ticks[i])) return null;
        var busy = ticks.Sum() - ticks[4] - ticks[5];
        return new MachineCpu(busy / TicksPerSecond, (ticks[6] + ticks[7]) / TicksPerSecond, ticks[8] / TicksPerSecond);
    }

    /// <summary>What was spent between <paramref name="start"/> and this reading.</summary>
    public MachineCpu Since(MachineCpu start) =>
        new(BusySeconds - start.BusySeconds, InterruptSeconds - start.InterruptSeconds, StealSeconds - start.StealSeconds);
}
