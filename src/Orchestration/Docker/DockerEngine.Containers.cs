using Docker.DotNet;
using Docker.DotNet.Models;

namespace Testbed.Orchestration.Docker;

/// <summary>A worker as a plain container (no Swarm): what the container-bridge mode runs.</summary>
/// <param name="Binds">"source:target[:ro]" bind mounts.</param>
public sealed record WorkerContainerSpec(string Name, string Image, IReadOnlyList<string> Arguments, string Network, IReadOnlyList<string> Binds,
    double Cpus, int MemoryMb, int UserId, IDictionary<string, string> Labels);

public sealed partial class DockerEngine
{
    /// <summary>A user-defined bridge network for one workload: Docker's DNS resolves its containers' names, and it reaches nothing outside.</summary>
    public async Task<string> CreateBridgeNetworkAsync(string name, IDictionary<string, string> labels, CancellationToken cancellation) =>
        await CreateNetworkOnceAsync(new NetworksCreateParameters
        {
            Name = name, Driver = "bridge", Internal = true, Labels = labels,
        }, cancellation);

    /// <summary>Creates and starts a worker container with the same CPU quota and memory limit a service's task gets.</summary>
    public async Task<string> StartWorkerContainerAsync(WorkerContainerSpec spec, CancellationToken cancellation)
    {
        var response = await _client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = spec.Name,
            Hostname = spec.Name,
            Image = spec.Image,
            Cmd = spec.Arguments.ToList(),
            Labels = spec.Labels,
            User = $"{spec.UserId}:{spec.UserId}",
            Env = ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1"],
            HostConfig = new HostConfig
            {
                NetworkMode = spec.Network,
                Binds = spec.Binds.ToList(),
                NanoCPUs = (long)Math.Round(spec.Cpus * 1e9),
                Memory = spec.MemoryMb * 1024L * 1024L,
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No },
            },
        }, cancellation);
        await _client.Containers.StartContainerAsync(response.ID, new ContainerStartParameters(), cancellation);
        return response.ID;
    }
}
