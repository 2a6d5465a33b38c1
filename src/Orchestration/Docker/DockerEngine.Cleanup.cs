using System.Net;
using Docker.DotNet;
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
    /// (a key, or key=value), services first so their tasks stop before networks go. What is gone
    /// between the list and its removal (a swarm task whose service another node's sweep removed, a
    /// probe that removed itself, another clean-up) is not an error and not counted.
    /// </summary>
    public async Task<RemovedResources> RemoveLabelledAsync(string label, CancellationToken cancellation = default)
    {
        var filter = LabelFilter(label);
        var services = 0;
        if (await SwarmRoleAsync(cancellation) == SwarmRole.Manager)
        {
            foreach (var service in await _client.Swarm.ListServicesAsync(new ServiceListParameters { Filters = LabelFilter(label) }, cancellation))
            {
                if (await RemovedAsync(() => _client.Swarm.RemoveServiceAsync(service.ID, cancellation))) services++;
            }
        }

        var containers = 0;
        foreach (var container in await _client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, cancellation))
            if (await RemovedContainerAsync(container.ID, cancellation)) containers++;

        var networks = await RemoveNetworksAsync(filter, cancellation);

        var secrets = 0;
        if (await SwarmRoleAsync(cancellation) == SwarmRole.Manager)
        {
            var key = label.Split('=')[0];
            foreach (var secret in (await _client.Secrets.ListAsync(cancellation)).Where(s => s.Spec.Labels?.ContainsKey(key) == true
                && Matches(s.Spec.Labels, label)))
            {
                if (await RemovedAsync(() => _client.Secrets.DeleteAsync(secret.ID, cancellation))) secrets++;
            }
        }
        return new RemovedResources(services, containers, networks, secrets);
    }

    /// <summary>True when <paramref name="remove"/> removed it; false when it was already gone.</summary>
    private static async Task<bool> RemovedAsync(Func<Task> remove)
    {
        try
        {
            await remove();
            return true;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// A container removed, or already gone; one the engine is already removing (409, "already in
    /// progress": its swarm task, say) is waited for, so nothing labelled is left when this returns.
    /// </summary>
    private async Task<bool> RemovedContainerAsync(string id, CancellationToken cancellation)
    {
        try
        {
            return await RemovedAsync(() => _client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true },
                cancellation));
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict && e.Message.Contains("already in progress", StringComparison.Ordinal))
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (await InspectContainerAsync(id, cancellation) is not null)
            {
                if (DateTime.UtcNow >= deadline) throw new InvalidOperationException($"Container {id} was still being removed by its engine after 30 s.", e);
                await Task.Delay(250, cancellation);
            }
            return false;
        }
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
