using System.Globalization;
using System.Numerics;

namespace Testbed.Trainer.Runtime;

/// <summary>
/// How many intra-op threads libtorch may use. A container's CPU limit is a CFS quota, yet
/// libtorch sizes its pool from the machine's cores and the quota then throttles the extra
/// threads (docs/environment.md measured 22 -> 49 ms/step). So the quota (cgroup v1
/// cpu.cfs_quota_us / cpu.cfs_period_us, v2 cpu.max, the tightest along the cgroup's ancestry)
/// and the affinity mask decide, rounded down (a thread beyond the quota is throttled mid-op
/// and every parallel loop waits for it), never below 1.
/// </summary>
public sealed record ThreadBudget(int Threads, string Reason)
{
    public static ThreadBudget Decide(int? requested) =>
        requested is { } n ? new ThreadBudget(n, $"--threads {n}") : FromCgroup("/proc/self/cgroup", "/sys/fs/cgroup", AffinityCount());

    /// <summary>The decision from explicit files, so tests can give fake cgroup trees.</summary>
    public static ThreadBudget FromCgroup(string procSelfCgroup, string cgroupRoot, int affinityCount)
    {
        (double Cpus, string Source)? quota = null;
        try
        {
            quota = File.Exists(procSelfCgroup) ? FindQuota(File.ReadAllLines(procSelfCgroup), cgroupRoot) : null;
        }
        catch (IOException)
        {
            // An unreadable cgroup file means no limit we can see; the affinity mask still applies.
        }

        if (quota is { } q && Math.Floor(q.Cpus) < affinityCount)
        {
            var threads = Math.Max(1, (int)Math.Floor(q.Cpus));
            return new ThreadBudget(threads,
                $"{q.Source} = {q.Cpus.ToString("0.##", CultureInfo.InvariantCulture)} CPU(s) -> {threads} thread(s) (affinity allows {affinityCount})");
        }

        var limit = quota is { } l ? $"{l.Source} = {l.Cpus.ToString("0.##", CultureInfo.InvariantCulture)} CPU(s), no tighter than " : "no cgroup CPU quota; ";
        return new ThreadBudget(Math.Max(1, affinityCount), $"{limit}affinity mask of {affinityCount} CPU(s) -> {Math.Max(1, affinityCount)} thread(s)");
    }

    private static (double Cpus, string Source)? FindQuota(string[] cgroupLines, string root)
    {
        (double Cpus, string Source)? best = null;
        foreach (var line in cgroupLines)
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            var v2 = parts[0] == "0" && parts[1].Length == 0;
            var v1Cpu = parts[1].Split(',').Contains("cpu");
            if (!v2 && !v1Cpu)
            {
                continue;
            }

            IEnumerable<string> mounts = v2 ? [root] : [Path.Combine(root, parts[1]), Path.Combine(root, "cpu"), Path.Combine(root, "cpu,cpuacct")];
            foreach (var mount in mounts.Distinct().Where(Directory.Exists))
            {
                foreach (var directory in Ancestry(mount, parts[2]))
                {
                    (double Cpus, string Source)? found = v2 ? ReadV2(directory) : ReadV1(directory);
                    if (found is { } f && (best is null || f.Cpus < best.Value.Cpus))
                    {
                        best = f;
                    }
                }
            }
        }

        return best;
    }

    /// <summary>The cgroup's own folder and its parents up to the mount (inside a container the path may not exist: then only the mount root).</summary>
    private static IEnumerable<string> Ancestry(string mount, string cgroupPath)
    {
        var relative = cgroupPath.Trim('/');
        while (true)
        {
            var directory = relative.Length == 0 ? mount : Path.Combine(mount, relative);
            if (Directory.Exists(directory))
            {
                yield return directory;
            }

            if (relative.Length == 0)
            {
                yield break;
            }

            var slash = relative.LastIndexOf('/');
            relative = slash < 0 ? "" : relative[..slash];
        }
    }

    private static (double, string)? ReadV1(string directory)
    {
        var quotaFile = Path.Combine(directory, "cpu.cfs_quota_us");
        var periodFile = Path.Combine(directory, "cpu.cfs_period_us");
        if (!File.Exists(quotaFile) || !File.Exists(periodFile))
        {
            return null;
        }

        var quota = long.Parse(File.ReadAllText(quotaFile).Trim(), CultureInfo.InvariantCulture);
        var period = long.Parse(File.ReadAllText(periodFile).Trim(), CultureInfo.InvariantCulture);
        return quota <= 0 || period <= 0 ? null : ((double)quota / period, $"cgroup v1 {quotaFile} {quota}/{period}");
    }

    private static (double, string)? ReadV2(string directory)
    {
        var file = Path.Combine(directory, "cpu.max");
        if (!File.Exists(file))
        {
            return null;
        }

        var fields = File.ReadAllText(file).Trim().Split(' ');
        if (fields.Length != 2 || fields[0] == "max")
        {
            return null;
        }

        var quota = long.Parse(fields[0], CultureInfo.InvariantCulture);
        var period = long.Parse(fields[1], CultureInfo.InvariantCulture);
        return period <= 0 ? null : ((double)quota / period, $"cgroup v2 {file} {quota}/{period}");
    }

    private static int AffinityCount()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows())
        {
            return Environment.ProcessorCount;
        }

        try
        {
            return BitOperations.PopCount((ulong)(long)System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity);
        }
        catch (Exception e) when (e is PlatformNotSupportedException or InvalidOperationException)
        {
            // Environment.ProcessorCount already follows quotas; only its affinity part is wanted here, but it is the best left.
            return Environment.ProcessorCount;
        }
    }
}
