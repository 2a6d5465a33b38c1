using Docker.DotNet;
using Docker.DotNet.Models;

namespace Testbed.Orchestration.Docker;

/// <summary>Containers, volumes and bridge networks for virtual nodes.</summary>
public sealed partial class DockerEngine
{
    /// <summary>The subnet of a network, or null when there is no network of that name.</summary>
    public async Task<string?> NetworkSubnetAsync(string name, CancellationToken cancellation)
    {
        try
        {
            var network = await _client.Networks.InspectNetworkAsync(name, cancellation);
            return network.IPAM?.Config?.FirstOrDefault()?.Subnet ?? "";
        }
        catch (DockerNetworkNotFoundException)
        {
            return null;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Every IPv4 subnet this engine's networks use.</summary>
    public async Task<IReadOnlyList<string>> NetworkSubnetsAsync(CancellationToken cancellation)
    {
        var networks = await _client.Networks.ListNetworksAsync(new NetworksListParameters(), cancellation);
        return networks.SelectMany(n => n.IPAM?.Config ?? []).Select(c => c.Subnet).OfType<string>().Where(s => s.Length > 0 && s.Contains('.')).ToList();
    }

    /// <summary>
    /// Creates a bridge network on <paramref name="subnet"/>; false when the engine refuses because
    /// another network took an overlapping pool meanwhile (the caller tries another subnet).
    /// </summary>
    public async Task<bool> TryCreateBridgeNetworkAsync(string name, string subnet, string gateway, IDictionary<string, string> labels,
        CancellationToken cancellation)
    {
        try
        {
            await CreateNetworkOnceAsync(new NetworksCreateParameters
            {
                Name = name, Driver = "bridge", Labels = labels,
                IPAM = new IPAM { Driver = "default", Config = [new IPAMConfig { Subnet = subnet, Gateway = gateway }] },
            }, cancellation);
            return true;
        }
        catch (DockerApiException e) when (e.ResponseBody?.Contains("overlaps", StringComparison.OrdinalIgnoreCase) == true)
        {
            return false;
        }
    }

    /// <summary>Removes a network by name; false when there was none.</summary>
    public async Task<bool> RemoveNetworkByNameAsync(string name, CancellationToken cancellation)
    {
        if (await NetworkSubnetAsync(name, cancellation) is null) return false;
        await RemoveNetworkAsync(name, cancellation);
        return true;
    }

    public async Task<ContainerFacts?> InspectContainerAsync(string name, CancellationToken cancellation)
    {
        try
        {
            var container = await _client.Containers.InspectContainerAsync(name, cancellation);
            return new ContainerFacts(container.ID, container.Name.TrimStart('/'), container.State?.Running == true,
                new Dictionary<string, string>(container.Config?.Labels ?? new Dictionary<string, string>())) { Paused = container.State?.Paused == true };
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<ContainerFacts>> ContainersLabelledAsync(string label, CancellationToken cancellation)
    {
        var containers = await _client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = LabelFilter(label) }, cancellation);
        return containers.Select(c => new ContainerFacts(c.ID, c.Names?.FirstOrDefault()?.TrimStart('/') ?? c.ID, c.State == "running",
            new Dictionary<string, string>(c.Labels ?? new Dictionary<string, string>()))).ToList();
    }

    /// <summary>Creates a labelled volume unless one of that name exists (its contents are a cache to keep).</summary>
    public async Task EnsureVolumeAsync(string name, IDictionary<string, string> labels, CancellationToken cancellation)
    {
        try
        {
            await _client.Volumes.InspectAsync(name, cancellation);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            await _client.Volumes.CreateAsync(new VolumesCreateParameters { Name = name, Labels = labels }, cancellation);
        }
    }

    public async Task<IReadOnlyList<string>> VolumesLabelledAsync(string label, CancellationToken cancellation)
    {
        var volumes = await _client.Volumes.ListAsync(new VolumesListParameters { Filters = LabelFilter(label) }, cancellation);
        return (volumes.Volumes ?? []).Select(v => v.Name).ToList();
    }

    public async Task RemoveVolumeAsync(string name, CancellationToken cancellation)
    {
        try { await _client.Volumes.RemoveAsync(name, force: true, cancellation); }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound) { }
    }

    public async Task<string> CreateNodeContainerAsync(NodeContainerSpec spec, CancellationToken cancellation)
    {
        var response = await _client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = spec.Name,
            Hostname = spec.Hostname,
            Image = spec.Image,
            Labels = new Dictionary<string, string>(spec.Labels),
            HostConfig = new HostConfig
            {
                NanoCPUs = spec.NanoCpus,
                Memory = spec.MemoryBytes,
                MemorySwap = spec.MemoryBytes,
                CapAdd = spec.CapAdd.ToList(),
                CapDrop = spec.CapDrop.ToList(),
                SecurityOpt = spec.SecurityOptions.ToList(),
                MaskedPaths = spec.UnmaskSystemPaths ? [] : null,
                ReadonlyPaths = spec.UnmaskSystemPaths ? [] : null,
                DeviceCgroupRules = spec.DeviceCgroupRules.ToList(),
                CgroupnsMode = spec.CgroupnsMode,
                Binds = spec.Volumes.Select(v => $"{v.Key}:{v.Value}").ToList(),
                NetworkMode = spec.Network,
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No },
            },
            NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings>
                {
                    [spec.Network] = new() { IPAMConfig = new EndpointIPAMConfig { IPv4Address = spec.Address }, Aliases = spec.Aliases.ToList() },
                },
            },
        }, cancellation);
        return response.ID;
    }

    /// <summary>Unpacks a tar stream at / in a container (created or running).</summary>
    public Task PutFilesAsync(string containerId, Stream tar, CancellationToken cancellation) =>
        _long.Containers.ExtractArchiveToContainerAsync(containerId, new CopyToContainerParameters { Path = "/" }, tar, cancellation);

    /// <summary>Freezes every process of a container (the cgroup freezer): a virtual node stops answering, as a hung host does.</summary>
    /// <summary>
    /// Freezes a container (the cgroup freezer). runc gives up ("unable to freeze") when the cgroup
    /// does not settle within its own retries, which a busy virtual node on a loaded machine
    /// (processes forking while the freezer walks them) has done now and then: tried a few more times.
    /// </summary>
    public async Task PauseContainerAsync(string containerId, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _client.Containers.PauseContainerAsync(containerId, cancellation);
                return;
            }
            catch (DockerApiException e) when (attempt < 5 && e.Message.Contains("unable to freeze", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellation);
            }
        }
    }

    public Task UnpauseContainerAsync(string containerId, CancellationToken cancellation) =>
        _client.Containers.UnpauseContainerAsync(containerId, cancellation);

    public Task StartContainerAsync(string containerId, CancellationToken cancellation) =>
        _client.Containers.StartContainerAsync(containerId, new ContainerStartParameters(), cancellation);

    public async Task RemoveContainerAsync(string containerId, CancellationToken cancellation)
    {
        try { await _client.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true }, cancellation); }
        catch (DockerContainerNotFoundException) { }
    }

    /// <summary>
    /// The CPU time a container has used so far, in nanoseconds (one-shot stats). For the tests'
    /// check of a whole virtual node's idle cost (VirtualClusterTests): runs measure the engine on
    /// the node instead, and Docker.DotNet stays in this adapter, so the hook lives here.
    /// </summary>
    internal async Task<ulong> ContainerCpuNanosecondsAsync(string containerId, CancellationToken cancellation)
    {
        ulong total = 0;
        await _client.Containers.GetContainerStatsAsync(containerId, new ContainerStatsParameters { Stream = false, OneShot = true },
            new SyncProgress<ContainerStatsResponse>(s => total = s.CPUStats?.CPUUsage?.TotalUsage ?? 0), cancellation);
        return total;
    }
}
