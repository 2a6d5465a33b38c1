using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Monitoring;

/// <summary>
/// The loop a node runs to sample itself once a second, one long-running SSH command per node
/// (a command per sample would cost the node an sshd session each time, inside the very CPU
/// share being measured). Each round prints
/// <c>node &lt;seconds&gt; &lt;cpu ns&gt; &lt;memory bytes&gt; &lt;rx&gt; &lt;tx&gt;</c>, then
/// <c>pid &lt;pid&gt; &lt;cpu ns&gt; &lt;anonymous resident kB&gt;</c> for every native worker
/// listed in <paramref name="pidsFile"/> as "&lt;pid&gt; &lt;cgroup name&gt;" (added as they
/// start; CPU from the worker's cgroup accounting, as a container's), then <c>end</c>; "-" is a
/// value it could not read.
/// </summary>
public static class NodeSamplerScript
{
    public static string Build(string lanAddress, string pidsFile) => string.Join('\n',
        $"f={ShellQuote.Quote(pidsFile)}; mkdir -p \"$(dirname \"$f\")\"; : > \"$f\"",
        // The LAN interface only: overlay and bridge interfaces carry the same bytes again.
        $"ifc=$(ip -o -4 addr show | awk -v a={ShellQuote.Quote(lanAddress)} '{{split($4, x, \"/\"); if (x[1] == a) print $2}}')",
        "while :; do",
        // The node's own cgroup (a virtual node's root, a host's root): cgroup v1, else v2.
        "  c=$(cat /sys/fs/cgroup/cpuacct/cpuacct.usage 2>/dev/null || awk '$1 == \"usage_usec\" {print $2 * 1000}' /sys/fs/cgroup/cpu.stat 2>/dev/null || echo -)",
        "  m=$(cat /sys/fs/cgroup/memory/memory.usage_in_bytes 2>/dev/null || awk '$1 == \"MemTotal:\" {t=$2} $1 == \"MemAvailable:\" {a=$2} END {print (t - a) * 1024}' /proc/meminfo 2>/dev/null || echo -)",
        "  n=$(sed 's/:/ /' /proc/net/dev | awk -v i=\"$ifc\" '$1 == i {print $2, $10}')",
        "  echo \"node $(date +%s.%N) ${c:--} ${m:--} ${n:-- -}\"",
        "  while read -r p g; do",
        "    [ -d /proc/$p ] || continue",
        "    u=$(cat /sys/fs/cgroup/cpuacct/testbed/$g/cpuacct.usage 2>/dev/null || cat /sys/fs/cgroup/cpu/testbed/$g/cpuacct.usage 2>/dev/null || awk '$1 == \"usage_usec\" {print $2 * 1000}' /sys/fs/cgroup/testbed/$g/cpu.stat 2>/dev/null)",
        "    echo \"pid $p ${u:--} $(awk '$1 == \"RssAnon:\" {print $2}' /proc/$p/status 2>/dev/null)\"",
        "  done < \"$f\"",
        "  echo end",
        "  sleep 1",
        "done");
}
