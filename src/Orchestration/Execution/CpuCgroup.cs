using System.Globalization;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// A CPU cgroup with a CFS quota for one native worker: the same mechanism Docker uses for a
/// container's CPU limit, so both modes get the same allotment. cgroup v1 (cpu controller) or v2.
/// </summary>
public sealed class CpuCgroup
{
    private const int PeriodMicroseconds = 100_000;

    private CpuCgroup(string directory) => Directory = directory;

    public string Directory { get; }

    public string ProcsFile => Path.Combine(Directory, "cgroup.procs");

    public static bool IsUnified => File.Exists("/sys/fs/cgroup/cgroup.controllers");

    /// <summary>What the manifest says about how native workers are limited.</summary>
    public static string Describe() =>
        (IsUnified ? "cgroup-v2 cpu.max quota per worker" : "cgroup-v1 CFS quota (cpu.cfs_quota_us) per worker") +
        "; memory is limited in containers only (a native memory cgroup would take workers out of the host's own accounting)";

    public static CpuCgroup Create(string name, double cpus)
    {
        var quota = ((long)Math.Round(cpus * PeriodMicroseconds)).ToString(CultureInfo.InvariantCulture);
        if (IsUnified)
        {
            var parent = "/sys/fs/cgroup/testbed";
            System.IO.Directory.CreateDirectory(parent);
            File.WriteAllText("/sys/fs/cgroup/cgroup.subtree_control", "+cpu");
            File.WriteAllText(Path.Combine(parent, "cgroup.subtree_control"), "+cpu");
            var group = new CpuCgroup(Path.Combine(parent, name));
            System.IO.Directory.CreateDirectory(group.Directory);
            File.WriteAllText(Path.Combine(group.Directory, "cpu.max"), $"{quota} {PeriodMicroseconds}");
            return group;
        }
        var v1 = new CpuCgroup(Path.Combine("/sys/fs/cgroup/cpu/testbed", name));
        System.IO.Directory.CreateDirectory(v1.Directory);
        File.WriteAllText(Path.Combine(v1.Directory, "cpu.cfs_period_us"), PeriodMicroseconds.ToString(CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(v1.Directory, "cpu.cfs_quota_us"), quota);
        return v1;
    }

    /// <summary>Removes the group (it must be empty: its processes have exited).</summary>
    public void Remove()
    {
        try
        {
            if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory);
        }
        catch (IOException)
        {
            // Still has a process a moment after kill; Teardown removes leftovers.
        }
    }

    /// <summary>Kills the processes left in every testbed worker group and removes the groups; returns how many groups.</summary>
    public static async Task<int> RemoveLeftoversAsync()
    {
        var groups = Leftovers().ToList();
        foreach (var group in groups)
        {
            var procs = Path.Combine(group, "cgroup.procs");
            var pids = File.Exists(procs) ? File.ReadAllLines(procs).Where(l => l.Length > 0).Select(int.Parse).ToList() : [];
            foreach (var pid in pids)
            {
                try { System.Diagnostics.Process.GetProcessById(pid).Kill(entireProcessTree: true); }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException) { }
            }
            for (var attempt = 0; attempt < 50 && System.IO.Directory.Exists(group); attempt++)
            {
                try { System.IO.Directory.Delete(group); }
                catch (IOException) { await Task.Delay(100); }
            }
        }
        return groups.Count;
    }

    /// <summary>Every testbed worker group (for Teardown).</summary>
    public static IEnumerable<string> Leftovers()
    {
        foreach (var parent in new[] { "/sys/fs/cgroup/cpu/testbed", "/sys/fs/cgroup/testbed" })
        {
            if (System.IO.Directory.Exists(parent))
                foreach (var group in System.IO.Directory.GetDirectories(parent)) yield return group;
        }
    }
}
