using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Docker;

namespace Testbed.Orchestration.Recovery;

/// <summary>
/// Stops a virtual node by pausing its container on this host's engine (the cgroup freezer): every
/// process in it stops at once, nothing is told, its TCP connections stay open but silent. Real
/// hosts cannot be frozen from here, so stop-node needs a virtual cluster.
/// </summary>
public sealed class VirtualNodeStopper(DockerEngine host, VirtualNodeNaming naming, string manager) : INodeStopper
{
    public bool CanStop(string node) => node != manager;

    public Task PauseAsync(string node, CancellationToken cancellation) =>
        host.PauseContainerAsync(naming.Container(node), cancellation);

    public Task ResumeAsync(string node) =>
        host.UnpauseContainerAsync(naming.Container(node), CancellationToken.None);
}
