using System.Globalization;
using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Images;
using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Execution;

/// <summary>Where a native worker's pieces are on its node.</summary>
/// <param name="Rootfs">The runtime rootfs copy (holds root/).</param>
/// <param name="Trainer">The published trainer copy.</param>
/// <param name="Output">The worker's folder (records, checkpoints).</param>
/// <param name="Secrets">The folder holding the job token, readable by the worker's user only.</param>
/// <param name="Scratch">An empty folder for the worker's throw-away root (removed afterwards).</param>
public sealed record NodeWorkerPaths(string Rootfs, string Trainer, string Output, string Secrets, string Scratch);

/// <summary>
/// The POSIX sh script that runs one native worker on a node the way NativeMode runs one on this
/// host: in a CPU cgroup with the container's CFS quota, on a throw-away overlay of the runtime
/// rootfs, through chroot as the unprivileged user, with nothing but the trainer, its folder and
/// its token mounted in. The mounts live in a private mount namespace (unshare), so they vanish
/// with the worker, whatever ends it: nothing is left mounted on a node, even after a crash.
/// Every step execs the next, so the process the pipeline stops is the trainer itself.
/// </summary>
public static class NodeWorkerScript
{
    private const int PeriodMicroseconds = 100_000;

    public static string CgroupName(WorkloadLaunch launch, int rank) => $"{launch.ShortName}-{rank.ToString(CultureInfo.InvariantCulture)}";

    public static string Build(string cgroupName, double cpus, NodeWorkerPaths paths, int userId, IReadOnlyList<string> trainerArguments) =>
        Build(cgroupName, cpus, paths, TrainerImage.InstallDirectory, userId, [TrainerImage.Executable, .. trainerArguments], new Dictionary<string, string>());

    /// <summary>
    /// Any program on the node's rootfs copy, the same way: <paramref name="paths"/>' Trainer folder is
    /// mounted read-only at <paramref name="trainerTarget"/> (ours at /opt/testbed/trainer, a foreign
    /// trainer's trainers/ at /opt/trainers), <paramref name="environment"/> on top of the base one.
    /// </summary>
    public static string Build(string cgroupName, double cpus, NodeWorkerPaths paths, string trainerTarget, int userId, IReadOnlyList<string> command,
        IReadOnlyDictionary<string, string> environment)
    {
        var quota = ((long)Math.Round(cpus * PeriodMicroseconds)).ToString(CultureInfo.InvariantCulture);
        var user = userId.ToString(CultureInfo.InvariantCulture);
        var binds = new[]
        {
            (paths.Trainer, trainerTarget, ReadOnly: true),
            (paths.Output, "/results", ReadOnly: false),
            (paths.Secrets, "/run/secrets", ReadOnly: true),
        };
        return string.Join('\n',
            "set -e",
            // cgroup v2 where the node has it (real hosts), else v1's cpu hierarchy (this kind of machine, virtual nodes).
            "if [ -f /sys/fs/cgroup/cgroup.controllers ]; then",
            "  echo +cpu > /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null || true",
            "  mkdir -p /sys/fs/cgroup/testbed && echo +cpu > /sys/fs/cgroup/testbed/cgroup.subtree_control",
            $"  cg=/sys/fs/cgroup/testbed/{cgroupName}; mkdir -p \"$cg\"; echo '{quota} {PeriodMicroseconds}' > \"$cg/cpu.max\"",
            "else",
            $"  cg=/sys/fs/cgroup/cpu/testbed/{cgroupName}; mkdir -p \"$cg\"",
            $"  echo {PeriodMicroseconds} > \"$cg/cpu.cfs_period_us\"; echo {quota} > \"$cg/cpu.cfs_quota_us\"",
            // CPU accounting, the counter a container's CPU is read from, where cpuacct is mounted alone.
            "  if [ ! -f /sys/fs/cgroup/cpu/cpuacct.usage ] && [ -d /sys/fs/cgroup/cpuacct ]; then",
            $"    acct=/sys/fs/cgroup/cpuacct/testbed/{cgroupName}; mkdir -p \"$acct\"; echo $$ > \"$acct/cgroup.procs\"",
            "  fi",
            "fi",
            "echo $$ > \"$cg/cgroup.procs\"",
            InRootfs(paths.Rootfs, paths.Scratch, binds, $"--userspec={user}:{user}", command, environment));
    }

    private static string InRootfs(string rootfs, string scratch, IReadOnlyList<(string Source, string Target, bool ReadOnly)> binds, string? userspec,
        IReadOnlyList<string> command,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        string Q(string word) => ShellQuote.Quote(word);
        var variables = new Dictionary<string, string>(ChrootSession.BaseEnvironment) { ["HOME"] = "/home/testbed" };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) variables[key] = value;
        var environment = variables.Select(v => $"{v.Key}={v.Value}");
        const string merged = "\"$scratch/merged\"";
        var inner = new List<string>
        {
            "set -e",
            $"scratch={Q(scratch)}",
            "mount -t tmpfs -o mode=0700 testbed-worker \"$scratch\"",
            "mkdir \"$scratch/upper\" \"$scratch/work\" \"$scratch/merged\"",
            $"mount -t overlay overlay -o lowerdir={Q(rootfs + "/root")},upperdir=\"$scratch/upper\",workdir=\"$scratch/work\" {merged}",
            $"mount -t proc proc {merged}/proc",
            $"mount --rbind /dev {merged}/dev && mount --make-rslave {merged}/dev",
            $"mount --rbind /sys {merged}/sys && mount --make-rslave {merged}/sys",
        };
        foreach (var (source, target, readOnly) in binds)
        {
            inner.Add($"mkdir -p {merged}{target} && mount --bind {Q(source)} {merged}{target}");
            if (readOnly) inner.Add($"mount -o remount,bind,ro {merged}{target}");
        }
        inner.Add($"exec chroot {(userspec is null ? "" : userspec + " ")}{merged} /usr/bin/env -i {ShellQuote.Join(environment)} {ShellQuote.Join(command)}");
        return string.Join('\n',
            $"mkdir -p {Q(scratch)}",
            $"exec unshare --mount --propagation private sh -c {Q(string.Join('\n', inner))}");
    }

    /// <summary>What <see cref="Cleanup"/> prints for a cgroup it could not remove.</summary>
    public const string CgroupLeft = "cgroup-left";

    /// <summary>
    /// Kills whatever is left in a worker's cgroup, removes the cgroup (v1 cpu and cpuacct, or v2) and
    /// its scratch folder; prints <see cref="CgroupLeft"/> for a cgroup that would not go. Safe to run twice.
    /// </summary>
    public static string Cleanup(string cgroupName, string scratch) =>
        $"for cg in /sys/fs/cgroup/testbed/{cgroupName} /sys/fs/cgroup/cpu/testbed/{cgroupName} /sys/fs/cgroup/cpuacct/testbed/{cgroupName}; do " +
        "[ -d \"$cg\" ] || continue; for p in $(cat \"$cg/cgroup.procs\" 2>/dev/null); do kill -9 \"$p\" 2>/dev/null; done; " +
        "i=0; while ! rmdir \"$cg\" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; " +
        $"[ -d \"$cg\" ] && echo \"{CgroupLeft} $cg\"; done; rm -rf {ShellQuote.Quote(scratch)}; true";
}
