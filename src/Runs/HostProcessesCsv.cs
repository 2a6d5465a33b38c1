using System.Globalization;

namespace Testbed.Runs;

/// <summary>
/// One process of the driving machine and the CPU it used during a repetition (host-processes.csv):
/// its name (comm, kernel threads included), pid, the cgroup that holds it (the cpu controller's
/// path: a virtual node's is under /docker/, a native worker's under /testbed/) and its seconds of
/// CPU, user and system, from the repetition's start (or its own, when it started later) to its end.
/// </summary>
public sealed record HostProcessSample(string Name, int Pid, string Cgroup, double CpuSeconds)
{
    /// <summary>Inside the experiment: a virtual node, a container, or a native worker's cgroup; the rest is what driving the run cost.</summary>
    public bool InsideTheNodes => Cgroup.StartsWith("/docker/", StringComparison.Ordinal) || Cgroup == "/testbed"
        || Cgroup.StartsWith("/testbed/", StringComparison.Ordinal);

    /// <summary>The name without a kernel thread's per-core or per-worker suffix ("ksoftirqd/1" and "kworker/u4:2-events" count as one).</summary>
    public string Program => Name.Split('/')[0];
}

/// <summary>
/// host-processes.csv: the driving machine's busiest processes through a repetition, written when it
/// ends (the orchestration's HostProcessTally), busiest first. A process that started and ended
/// inside the repetition is not in it; its CPU is in driver.csv's busy time.
/// </summary>
public static class HostProcessesCsv
{
    public static IReadOnlyList<string> Columns { get; } = ["name", "pid", "cgroup", "cpu_seconds"];

    public static string Header { get; } = string.Join(',', Columns);

    /// <summary>A row; a comma or line break in a name or cgroup (both free text to the kernel) becomes '_'.</summary>
    public static string Row(HostProcessSample sample) => string.Join(',',
        Clean(sample.Name), sample.Pid.ToString(CultureInfo.InvariantCulture), Clean(sample.Cgroup),
        sample.CpuSeconds.ToString("0.00", CultureInfo.InvariantCulture));

    /// <exception cref="RunFormatException">The header is not this layout's, or a row is malformed (line named).</exception>
    public static IReadOnlyList<HostProcessSample> Read(string path) =>
        CsvRows.Read(path, Columns, Columns.Count).Select(row => new HostProcessSample(row.Text(0), row.Int(1), row.Text(2), row.Double(3))).ToList();

    private static string Clean(string text) => text.Replace(',', '_').Replace('\n', '_').Replace('\r', '_');
}
