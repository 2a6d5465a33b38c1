using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Docker;

namespace Testbed.Orchestration.Recovery;

/// <summary>
/// Stops a virtual node by pausing its container on this host's engine (the cgroup freezer): every
/// process in it stops at once, nothing is told, its TCP connections stay open but silent. Real
/// hosts cannot be frozen from here, so stop-node needs a virtual cluster.
/// </summary>
public sealed class VirtualNodeStopper(DockerEngine host, VirtualNodeNaming naming, ProvisionedCluster cluster) : INodeStopper
{
    public bool CanStop(string node) => node != cluster.Manager.Name;

    public async Task WaitForEpochAsync(string node, string recordsFile, int epoch, CancellationToken cancellation)
    {
        if (epoch <= 0) return;
        // A process of its own on the node, so cancelling stops it there too (no loop left behind).
        await using var watch = await cluster.Node(node).Shell.StartAsync(EpochWatchScript.Build(recordsFile, epoch), _ => { }, cancellation);
        await watch.Ended.WaitAsync(cancellation);
    }

    public Task PauseAsync(string node, CancellationToken cancellation) =>
        host.PauseContainerAsync(naming.Container(node), cancellation);

    public Task ResumeAsync(string node) =>
        host.UnpauseContainerAsync(naming.Container(node), CancellationToken.None);
}
