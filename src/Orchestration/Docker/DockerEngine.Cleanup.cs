using Docker.DotNet.Models;

namespace Testbed.Orchestration.Docker;

/// <summary>What a clean-up by label removed.</summary>
public sealed record RemovedResources(int Services, int Containers, int Networks, int Secrets)
{
    public int Total => Services + Containers + Networks + Secrets;

    public override string ToString() => $"{Services} services, {Containers} containers, {Networks} networks, {Secrets} secrets";
}

public sealed partial class DockerEngine
{
    /// <summary>
    /// Removes every service, container, network and secret carrying <paramref name="label"/>
    /// (a key, or key=value), services first so their tasks stop before networks go.
    /// </summary>
    public async Task<RemovedResources> RemoveLabelledAsync(string label, CancellationToken cancellation = default)
    {
        var filter = LabelFilter(label);
        var services = 0;
        if (await SwarmRoleAsync(cancellation) == SwarmRole.Manager)
        {
            foreach (var service in await _client.Swarm.ListServicesAsync(new ServiceListParameters { Filters = LabelFilter(label) }, cancellation))
            {
                await _client.Swarm.RemoveServiceAsync(service.ID, cancellation);
                services++;
            }
        }

        var containers = await _client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, cancellation);
        foreach (var container in containers)
            await _client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellation);

        var networks = await RemoveNetworksAsync(filter, cancellation);

        var secrets = 0;
        if (await SwarmRoleAsync(cancellation) == SwarmRole.Manager)
        {
            var key = label.Split('=')[0];
            foreach (var secret in (await _client.Secrets.ListAsync(cancellation)).Where(s => s.Spec.Labels?.ContainsKey(key) == true
                && Matches(s.Spec.Labels, label)))
            {
                await _client.Secrets.DeleteAsync(secret.ID, cancellation);
                secrets++;
            }
        }
        return new RemovedResources(services, containers.Count, networks, secrets);
    }

    private async Task<int> RemoveNetworksAsync(IDictionary<string, IDictionary<string, bool>> filter, CancellationToken cancellation)
    {
        // A service's tasks release their network a moment after the service is removed: retry briefly.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var removed = 0;
        while (true)
        {
            var networks = await _client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, cancellation);
            if (networks.Count == 0) return removed;
            foreach (var network in networks)
            {
                try
                {
                    await _client.Networks.DeleteNetworkAsync(network.ID, cancellation);
                    removed++;
                }
                catch (global::Docker.DotNet.DockerApiException) when (DateTime.UtcNow < deadline)
                {
                }
            }
            if (DateTime.UtcNow >= deadline) return removed;
            await Task.Delay(250, cancellation);
        }
    }

    private static bool Matches(IDictionary<string, string> labels, string label)
    {
        var parts = label.Split('=', 2);
        return parts.Length == 1 ? labels.ContainsKey(parts[0]) : labels.TryGetValue(parts[0], out var v) && v == parts[1];
    }
}
