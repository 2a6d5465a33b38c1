using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Cleanup;

/// <summary>
/// What a crashed run can leave on real hosts, dealt with over SSH by the same sweep every run
/// starts with: processes killed, run folders collected into the results folder (verified) before
/// they are removed, cgroups, tokens and scratch removed, and on the first host (the swarm's
/// manager) services, networks and secrets labelled testbed.run. The engine, the swarm, the copied
/// rootfs and trainer and the images stay: they are the hosts' provisioning, not a run's.
/// </summary>
public static class HostsTeardown
{
    public static async Task RunAsync(ClusterDefinition cluster, string resultsDirectory, IReporter reporter, CancellationToken cancellation)
    {
        var knownHosts = cluster.HostKeys;
        foreach (var host in cluster.Hosts)
        {
            await using var shell = await NodeShell.ConnectAsync(new SshTarget(host.Name, host.Address, host.Port, host.User, host.KeyFile, host.Sudo,
                knownHosts), TimeSpan.FromSeconds(20), cancellation);
            // Containers on every host; services, networks and secrets live in the swarm, which the first host manages.
            using var engine = await shell.OpenEngineAsync();
            var swept = await NodeSweep.SweepNodeAsync(host.Name, shell, engine, resultsDirectory, cancellation);
            if (swept.Problems.Count > 0) reporter.Warn(swept.ToString());
            else reporter.Info(swept.ToString());
        }
    }
}
