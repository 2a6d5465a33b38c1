using System.Globalization;

namespace Testbed.Orchestration.Processes;

/// <summary>
/// A process as Linux tells it apart for good: its pid and its start time (clock ticks after boot,
/// field 22 of /proc/&lt;pid&gt;/stat). A pid alone is reused after the process dies; the pair is
/// not, so "is the owner of this still running?" cannot be answered yes by a stranger that got
/// the pid later.
/// </summary>
public readonly record struct ProcessIdentity(int Pid, ulong StartTicks)
{
    /// <summary>This process.</summary>
    public static ProcessIdentity Current { get; } = Of(Environment.ProcessId)
        ?? throw new InvalidOperationException("/proc/self/stat is not readable: Testbed needs Linux's /proc.");

    /// <summary>The process that has <paramref name="pid"/> now; null when none has.</summary>
    public static ProcessIdentity? Of(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // The command name (field 2) is in parentheses and may hold spaces or ')': fields count from the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (the state), so field 22 is fields[19].
        return fields.Length > 19 && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? new ProcessIdentity(pid, ticks)
            : null;
    }

    /// <summary>Whether this very process still runs (a zombie counts as ended only once reaped).</summary>
    public bool IsRunning => Of(Pid) is { } now && now.StartTicks == StartTicks;
}
