using Docker.DotNet;
using Docker.DotNet.Models;

namespace Testbed.Orchestration.Docker;

/// <summary>
/// Plain containers on an attachable overlay network: how traffic between two nodes' containers
/// is checked and measured (iperf3 from the runtime rootfs) without a service.
/// </summary>
public sealed partial class DockerEngine
{
    /// <summary>An overlay network standalone containers on any node of the swarm may join (made on a manager).</summary>
    public async Task<string> CreateAttachableOverlayAsync(string name, IDictionary<string, string> labels, CancellationToken cancellation) =>
        await CreateNetworkOnceAsync(new NetworksCreateParameters
        {
            Name = name, Driver = "overlay", Attachable = true, Labels = labels,
        }, cancellation);

    /// <summary>Starts a container running <paramref name="command"/> (the image's entrypoint replaced) on <paramref name="network"/>.</summary>
    public async Task<string> RunProbeContainerAsync(string name, string image, IReadOnlyList<string> command, string network, IDictionary<string,
        string> labels, CancellationToken cancellation)
    {
        var response = await _client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name, Image = image, Entrypoint = command.ToList(), Labels = labels,
            HostConfig = new HostConfig { NetworkMode = network },
        }, cancellation);
        await _client.Containers.StartContainerAsync(response.ID, new ContainerStartParameters(), cancellation);
        return response.ID;
    }

    /// <summary>A container's address on a network, or null.</summary>
    public async Task<string?> ContainerAddressAsync(string containerId, string network, CancellationToken cancellation)
    {
        var container = await _client.Containers.InspectContainerAsync(containerId, cancellation);
        return container.NetworkSettings?.Networks is { } networks && networks.TryGetValue(network, out var endpoint)
            && !string.IsNullOrEmpty(endpoint.IPAddress)
            ? endpoint.IPAddress : null;
    }

    /// <summary>Waits for a container to exit; its exit code.</summary>
    public async Task<long> WaitForExitAsync(string containerId, TimeSpan timeout, CancellationToken cancellation)
    {
        using var source = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        source.CancelAfter(timeout);
        return (await _long.Containers.WaitContainerAsync(containerId, source.Token)).StatusCode;
    }
}
