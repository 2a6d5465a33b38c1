using Docker.DotNet.Models;

namespace Testbed.Orchestration.Docker;

public enum SwarmRole { None, Worker, Manager, Pending }

public sealed partial class DockerEngine
{
    public async Task<SwarmRole> SwarmRoleAsync(CancellationToken cancellation = default)
    {
        var info = await _client.System.GetSystemInfoAsync(cancellation);
        return info.Swarm.LocalNodeState switch
        {
            "inactive" => SwarmRole.None,
            "active" => info.Swarm.ControlAvailable ? SwarmRole.Manager : SwarmRole.Worker,
            _ => SwarmRole.Pending,
        };
    }

    /// <summary>A single-machine swarm on loopback: nothing is advertised beyond this host.</summary>
    public Task InitLoopbackSwarmAsync(CancellationToken cancellation = default) =>
        _client.Swarm.InitSwarmAsync(new SwarmInitParameters { ListenAddr = "127.0.0.1:2377", AdvertiseAddr = "127.0.0.1:2377" }, cancellation);
}
