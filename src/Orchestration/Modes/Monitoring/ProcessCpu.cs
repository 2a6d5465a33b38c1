using System.Globalization;

namespace Testbed.Orchestration.Monitoring;

/// <summary>
/// One process as /proc shows it at a moment: its name, the cgroup of its cpu controller and its CPU
/// so far (user and system, in the kernel's ticks). Its start time tells a process from a later one
/// that was given the same pid.
/// </summary>
public readonly record struct ProcessCpu(int Pid, long StartTicks, string Name, string Cgroup, long CpuTicks)
{
    /// <summary>The kernel's unit for these counters (USER_HZ), 100 on every Linux architecture that .NET runs on.</summary>
    public const double TicksPerSecond = 100;

    /// <summary>
    /// Reads /proc/&lt;pid&gt;/stat ("pid (comm) state ppid ... utime stime ... starttime ...") and
    /// /proc/&lt;pid&gt;/cgroup; null when the line is not one (the name may hold spaces and parentheses: it
    /// ends at the last ')').
    /// </summary>
    public static ProcessCpu? Parse(int pid, string stat, string cgroups)
    {
        var open = stat.IndexOf('(');
        var close = stat.LastIndexOf(')');
        if (open < 0 || close < open) return null;
        // After the name: state is field 3, utime 14, stime 15, starttime 22 (proc(5)), so 0, 11, 12 and 19 here.
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20
            || !long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            || !long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system)
            || !long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }
        return new ProcessCpu(pid, start, stat[(open + 1)..close], CpuCgroupOf(cgroups), user + system);
    }

    /// <summary>
    /// The cpu controller's path from /proc/&lt;pid&gt;/cgroup: the v1 line that names cpu
    /// ("4:cpu,cpuacct:/docker/..."), else v2's ("0::/...").
    /// </summary>
    public static string CpuCgroupOf(string cgroups)
    {
        string? unified = null;
        foreach (var line in cgroups.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length < 3) continue;
            if (parts[1].Split(',').Contains("cpu")) return parts[2];
            if (parts[1].Length == 0) unified = parts[2];
        }
        return unified ?? "";
    }
}
