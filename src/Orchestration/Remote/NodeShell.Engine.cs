using Testbed.Orchestration.Docker;

namespace Testbed.Orchestration.Cluster;

public sealed partial class NodeShell
{
    /// <summary>
    /// The node's Docker engine, reached through this shell's engine connections: a Unix socket in a
    /// private folder here, each connection to it carried by its own SSH channel to the engine's Unix
    /// socket there. The engine is never exposed on the network, nor to other users here. Calls
    /// time out after <see cref="NodeShellOptions.EngineCallTimeout"/>, except those long by nature.
    /// Closed with the shell.
    /// </summary>
    public Task<DockerEngine> OpenEngineAsync(string socket = "/var/run/docker.sock")
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var tunnel = EngineTunnel.Start(this, socket);
        lock (_owned) _owned.Add(tunnel);
        return Task.FromResult(new DockerEngine(tunnel.Endpoint, Options.EngineCallTimeout));
    }
}
