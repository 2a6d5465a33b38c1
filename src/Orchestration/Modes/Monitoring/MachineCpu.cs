using System.Globalization;

namespace Testbed.Orchestration.Monitoring;

/// <summary>
/// The driving machine's busy CPU, all cores together, from the first line of /proc/stat: every
/// state but idle and iowait, in seconds. On a virtual cluster the nodes run on this machine, so
/// the busy time less the nodes' own CPU is what the driver, the host's engine and the kernel took
/// from the cores the nodes share.
/// </summary>
public static class MachineCpu
{
    private const string ProcStat = "/proc/stat";

    /// <summary>The kernel's unit for these counters (USER_HZ), 100 on every Linux architecture that .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>Seconds of busy CPU since boot; null where /proc/stat cannot be read or parsed.</summary>
    public static double? BusySeconds()
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
    public static double? Parse(string? aggregateLine)
    {
        var fields = aggregateLine?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is null || fields.Length < 5 || fields[0] != "cpu") return null;
        long busy = 0;
        // user, nice, system, idle, iowait, irq, softirq, steal; guest time is already inside user.
        for (var i = 1; i < Math.Min(fields.Length, 9); i++)
        {
            if (!long.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)) return null;
            if (i is not 4 and not 5) busy += ticks;
        }
        return busy / TicksPerSecond;
    }
}
