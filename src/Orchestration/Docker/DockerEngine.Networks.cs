using Docker.DotNet.Models;

namespace Testbed.Orchestration.Docker;

public sealed partial class DockerEngine
{
    /// <summary>
    /// Creates a network unless one of that name exists (then an error naming it). The client used to
    /// ask the engine for this check (CheckDuplicate); the API dropped the field, and the engine
    /// Debian 12 ships (20.10, API 1.41) makes a second network of the same name without it.
    /// </summary>
    private async Task<string> CreateNetworkOnceAsync(NetworksCreateParameters parameters, CancellationToken cancellation)
    {
        var byName = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [parameters.Name] = true } };
        var existing = await _client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = byName }, cancellation);
        // The name filter matches parts of names too: only an exact match is a duplicate.
        if (existing.FirstOrDefault(n => n.Name == parameters.Name) is { } network)
        {
            throw new InvalidOperationException($"A network named '{parameters.Name}' exists already on " +
                $"{Endpoint} (id {network.ID[..12]}); remove it (./build.sh Teardown) or choose another name.");
        }
        return (await _client.Networks.CreateNetworkAsync(parameters, cancellation)).ID;
    }
}
