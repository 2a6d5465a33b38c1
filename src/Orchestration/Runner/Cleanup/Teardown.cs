using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Cleanup;

/// <summary>
/// Removes everything the pipeline ever created, whatever run made it and however that run ended:
/// native workers and their cgroups, chroot sessions' mounts, temp folders of drivers that no
/// longer run, Docker resources labelled
/// <see cref="Labels.Run"/>, and the virtual nodes with their LAN (their volumes are a cache:
/// Clean --all removes them). Safe any time, and a second call finds nothing.
/// </summary>
public static class Teardown
{
    public static async Task RunAsync(IReporter reporter, string sessionsDirectory, VirtualNodeNaming naming, CancellationToken cancellation)
    {
        // This host's temp folders of drivers killed outright (engine tunnels' sockets, local runs' tokens); a running driver's stay.
        Processes.OwnedTempFolders.Sweep(reporter);
        // Native workers first (they hold the chroot sessions' mounts), then the mounts, then Docker.
        reporter.Info($"Removed {await CpuCgroup.RemoveLeftoversAsync()} leftover native worker cgroup(s) and their processes");
        var unmounted = await MountTable.UnmountUnderAsync(sessionsDirectory, cancellation);
        if (Directory.Exists(sessionsDirectory) && MountTable.Under(sessionsDirectory).Count == 0)
            Directory.Delete(sessionsDirectory, recursive: true);
        reporter.Info($"Unmounted {unmounted} leftover mount(s) of chroot sessions");

        using var engine = new DockerEngine();
        if (!await engine.AnswersAsync(TimeSpan.FromSeconds(5), cancellation))
        {
            reporter.Skip($"No Docker engine answers at {engine.Endpoint}: nothing to remove there");
            return;
        }
        reporter.Info($"Removed {await engine.RemoveLabelledAsync(Labels.Run, cancellation)} labelled {Labels.Run}");
        // Whatever ran inside a virtual node goes with it.
        var nodes = await ClusterProvisioner.RemoveVirtualNodesAsync(engine, reporter, naming, volumes: false, cancellation);
        reporter.Info($"Removed {nodes.Containers} virtual node(s) and {nodes.Networks} LAN " +
            $"network(s); their volumes stay as a cache (Clean --all removes them)");
    }
}
