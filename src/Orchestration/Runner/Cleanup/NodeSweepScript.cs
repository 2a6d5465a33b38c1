using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Cleanup;

/// <summary>
/// The POSIX sh that sweeps a node of an earlier driver's processes, before anything is collected
/// or removed: worker processes (every member of the pipeline's cgroups, counted once) and the
/// pipeline's other process groups (samplers, watch loops, heartbeats: every process carrying
/// the process tag, except this shell's own). Prints <c>workers N</c> and <c>loops N</c>.
/// </summary>
public static class NodeSweepScript
{
    private static readonly string[] CgroupParents = ["/sys/fs/cgroup/cpu/testbed", "/sys/fs/cgroup/cpuacct/testbed", "/sys/fs/cgroup/testbed"];

    public static string Kill(string ownSession) => string.Join('\n',
        $"pids=$(cat {string.Join(' ', CgroupParents.Select(p => p + "/*/cgroup.procs"))} 2>/dev/null | sort -u)",
        "w=0; for p in $pids; do kill -9 \"$p\" 2>/dev/null && w=$((w+1)); done",
        $"groups=$(for f in $(grep -lzE '^{NodeProcessScript.TagVariable}=' /proc/[0-9]*/environ 2>/dev/null); do",
        "  p=${f#/proc/}; p=${p%/environ}",
        $"  grep -qzE '^{NodeProcessScript.TagVariable}={ownSession}\\.' \"$f\" 2>/dev/null && continue",
        "  ps -o pgid= -p \"$p\" 2>/dev/null | tr -d ' '",
        "done | sort -u)",
        "l=0; for g in $groups; do env kill -KILL -- -\"$g\" 2>/dev/null && l=$((l+1)); done",
        "echo \"workers $w\"; echo \"loops $l\"");

    /// <summary>Removes the pipeline's cgroups (once their processes are gone), tokens and scratch; prints <c>cgroups N</c>, <c>tokens N</c>, <c>scratch
    /// N</c>.</summary>
    public static string Remove() => string.Join('\n',
        $"c=$(for d in {string.Join(' ', CgroupParents.Select(p => p + "/*/"))}; do [ -d \"$d\" ] && basename \"$d\"; done 2>/dev/null | sort -u | wc -l)",
        $"for d in {string.Join(' ', CgroupParents.Select(p => p + "/*/"))}; do [ -d \"$d\" ] || continue; " +
            $"i=0; while ! rmdir \"$d\" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; done",
        $"t=$(ls -A {NodeLayout.Root}/secrets 2>/dev/null | wc -l); s=$(ls -A {NodeLayout.Root}/work 2>/dev/null | wc -l)",
        $"rm -rf {NodeLayout.Root}/secrets {NodeLayout.Root}/work",
        "echo \"cgroups $c\"; echo \"tokens $t\"; echo \"scratch $s\"");

    /// <summary>The run folders on the node, one run id a line.</summary>
    public static string RunFolders() => $"ls -A {NodeLayout.Root}/runs 2>/dev/null; true";
}
