using Testbed.Orchestration.Docker;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// One node of a provisioned cluster: its name (= hostname of a virtual node, = swarm node label
/// <c>testbed.node</c>), the LAN address the other nodes and native workers' peers reach it at,
/// a shell on it, its engine, its swarm node id, and where the rootfs and trainer are on it.
/// </summary>
public sealed class ClusterNode(string name, string address, NodeShell shell, DockerEngine engine) : IAsyncDisposable
{
    public string Name { get; } = name;
    public string Address { get; } = address;
    public NodeShell Shell { get; } = shell;
    public DockerEngine Engine { get; } = engine;

    public string SwarmNodeId { get; internal set; } = "";

    /// <summary>The runtime rootfs on the node, laid out like the host's cache (root/, packages.txt).</summary>
    public string RootfsDirectory { get; internal set; } = "";

    /// <summary>The published trainer on the node (testbed-trainer in it).</summary>
    public string TrainerDirectory { get; internal set; } = "";

    public NodePreparation? Preparation { get; internal set; }

    /// <summary>Foreign trainers' runtimes on the node, by name: the rootfs copy (holds root/) and trainers/.</summary>
    public Dictionary<string, NodeRuntimePaths> Runtimes { get; } = [];

    public async ValueTask DisposeAsync()
    {
        Engine.Dispose();
        await Shell.DisposeAsync();
    }
}
