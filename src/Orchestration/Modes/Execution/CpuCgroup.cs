using System.Globalization;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// The cgroups of one native worker: a CFS quota (the same mechanism Docker uses for a container's
/// CPU limit, so both modes get the same allotment) and CPU accounting (the counter the sampler
/// reads for every worker, container or not, so both modes report the same quantity). cgroup v2: one
/// group does both. cgroup v1: the cpu controller's group, plus a cpuacct group where that
/// controller is mounted on its own (as on this project's machines).
/// </summary>
public sealed class CpuCgroup
{
    private const int PeriodMicroseconds = 100_000;
    private const string V1Cpu = "/sys/fs/cgroup/cpu/testbed";
    private const string V1Accounting = "/sys/fs/cgroup/cpuacct/testbed";
    private const string V2 = "/sys/fs/cgroup/testbed";

    private CpuCgroup(string directory, string? accounting)
    {
        Directory = directory;
        AccountingDirectory = accounting;
    }

    /// <summary>The group holding the quota.</summary>
    public string Directory { get; }

    /// <summary>The separate cpuacct group (cgroup v1 with cpuacct mounted alone), else null.</summary>
    public string? AccountingDirectory { get; }

    /// <summary>Every cgroup.procs the worker's process must join.</summary>
    public IReadOnlyList<string> ProcsFiles =>
        AccountingDirectory is null ? [Path.Combine(Directory, "cgroup.procs")]
            : [Path.Combine(Directory, "cgroup.procs"), Path.Combine(AccountingDirectory, "cgroup.procs")];

    public static bool IsUnified => File.Exists("/sys/fs/cgroup/cgroup.controllers");

    /// <summary>What the manifest says about how native workers are limited and measured.</summary>
    public static string Describe() =>
        (IsUnified ? "cgroup-v2 cpu.max quota per worker" : "cgroup-v1 CFS quota (cpu.cfs_quota_us) per worker") +
        "; CPU measured by the worker's cgroup accounting as a container's is; memory is limited in containers only " +
        "(a native memory cgroup would take workers out of the host's own accounting)";

    public static CpuCgroup Create(string name, double cpus)
    {
        var quota = ((long)Math.Round(cpus * PeriodMicroseconds)).ToString(CultureInfo.InvariantCulture);
        if (IsUnified)
        {
            System.IO.Directory.CreateDirectory(V2);
            File.WriteAllText("/sys/fs/cgroup/cgroup.subtree_control", "+cpu");
            File.WriteAllText(Path.Combine(V2, "cgroup.subtree_control"), "+cpu");
            var group = new CpuCgroup(Path.Combine(V2, name), null);
            System.IO.Directory.CreateDirectory(group.Directory);
            File.WriteAllText(Path.Combine(group.Directory, "cpu.max"), $"{quota} {PeriodMicroseconds}");
            return group;
        }
        // cpuacct mounted with cpu ("cpu,cpuacct") keeps the counter in the same group; alone, it needs its own.
        var separate = !File.Exists("/sys/fs/cgroup/cpu/cpuacct.usage") && System.IO.Directory.Exists("/sys/fs/cgroup/cpuacct");
        var v1 = new CpuCgroup(Path.Combine(V1Cpu, name), separate ? Path.Combine(V1Accounting, name) : null);
        System.IO.Directory.CreateDirectory(v1.Directory);
        File.WriteAllText(Path.Combine(v1.Directory, "cpu.cfs_period_us"), PeriodMicroseconds.ToString(CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(v1.Directory, "cpu.cfs_quota_us"), quota);
        if (v1.AccountingDirectory is not null) System.IO.Directory.CreateDirectory(v1.AccountingDirectory);
        return v1;
    }

    /// <summary>Removes the groups (they must be empty: their processes have exited).</summary>
    public void Remove()
    {
        foreach (var directory in new[] { Directory, AccountingDirectory }.OfType<string>())
        {
            try
            {
                if (System.IO.Directory.Exists(directory)) System.IO.Directory.Delete(directory);
            }
            catch (IOException)
            {
                // Still has a process a moment after kill; Teardown removes leftovers.
            }
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
        foreach (var parent in new[] { V1Cpu, V1Accounting, V2 }.Where(System.IO.Directory.Exists))
        {
            foreach (var group in System.IO.Directory.GetDirectories(parent)) yield return group;
        }
    }
}
