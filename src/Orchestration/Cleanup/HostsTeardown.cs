using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Progress;

namespace Testbed.Orchestration.Cleanup;

/// <summary>
/// What a crashed run can leave on real hosts, removed over SSH: services, networks and secrets
/// labelled testbed.run in their swarm, native workers (their cgroups' processes) and their
/// cgroups, tokens, scratch and run folders under /var/lib/testbed. The engine, the swarm, the
/// copied rootfs and trainer and the images stay: they are the hosts' provisioning, not a run's.
/// </summary>
public static class HostsTeardown
{
    /// <summary>Kills what is left in testbed's worker cgroups (v1 or v2), removes them and the run-time folders; prints how many groups.</summary>
    public const string NodeScript =
        "n=0; for cg in /sys/fs/cgroup/cpu/testbed/* /sys/fs/cgroup/cpuacct/testbed/* /sys/fs/cgroup/testbed/*; do [ -d \"$cg\" ] || continue; " +
        "for p in $(cat \"$cg/cgroup.procs\" 2>/dev/null); do kill -9 \"$p\" 2>/dev/null; done; " +
        "i=0; while ! rmdir \"$cg\" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; n=$((n+1)); done; " +
        "rm -rf " + NodeLayout.Root + "/runs " + NodeLayout.Root + "/secrets " + NodeLayout.Root + "/work; echo $n";

    public static async Task RunAsync(ClusterDefinition cluster, IReporter reporter, CancellationToken cancellation)
    {
        var knownHosts = cluster.HostKeys;
        foreach (var (host, index) in cluster.Hosts.Select((h, i) => (h, i)))
        {
            await using var shell = await NodeShell.ConnectAsync(new SshTarget(host.Name, host.Address, host.Port, host.User, host.KeyFile, host.Sudo, knownHosts), TimeSpan.FromSeconds(20), cancellation);
            var groups = await shell.RunAsync(NodeScript, TimeSpan.FromSeconds(60), cancellation);
            reporter.Info($"{host.Name}: removed {groups.Output.Trim()} leftover native worker cgroup(s) and the run folders under {NodeLayout.Root}");
            if (index != 0) continue;
            // Services, networks and secrets live in the swarm: the first node manages it.
            using var engine = await shell.OpenEngineAsync();
            reporter.Info($"{host.Name}: removed {await engine.RemoveLabelledAsync(Labels.Run, cancellation)} labelled {Labels.Run} from the cluster's swarm");
        }
    }
}
