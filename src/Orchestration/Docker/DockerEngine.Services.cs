using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Testbed.Orchestration.Docker;

public sealed partial class DockerEngine
{
    /// <summary>An internal overlay network for one workload: its workers talk to each other and to nothing else.</summary>
    public async Task<string> CreateWorkloadNetworkAsync(string name, IDictionary<string, string> labels, CancellationToken cancellation)
    {
        // Encrypted overlays drop packets on this kernel (no ESP); the trainer authenticates peers itself.
        return await CreateNetworkOnceAsync(new NetworksCreateParameters
        {
            Name = name, Driver = "overlay", Internal = true, Attachable = false, Labels = labels,
        }, cancellation);
    }

    public async Task<string> CreateSecretAsync(string name, string value, IDictionary<string, string> labels, CancellationToken cancellation) =>
        (await _client.Secrets.CreateAsync(new SwarmSecretSpec { Name = name, Data = Encoding.UTF8.GetBytes(value), Labels = labels }, cancellation)).ID;

    /// <summary>Creates a workload's services (one, or one per worker); returns their ids.</summary>
    public async Task<IReadOnlyList<string>> CreateWorkloadServicesAsync(SwarmWorkloadRequest request, CancellationToken cancellation)
    {
        var ids = new List<string>();
        foreach (var spec in WorkloadServices.Build(request))
        {
            ids.Add((await _client.Swarm.CreateServiceAsync(spec, cancellation)).ID
                ?? throw new InvalidOperationException($"The engine created service '{spec.Service.Name}' but returned no id."));
        }
        return ids;
    }

    public async Task<IReadOnlyList<SwarmTask>> TasksOfAsync(string serviceId, CancellationToken cancellation)
    {
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [serviceId] = true } };
        var tasks = await _client.Tasks.ListAsync(new TasksListParameters { Filters = filter }, cancellation);
        return tasks.Select(t => new SwarmTask(
            t.ServiceID ?? serviceId, t.Slot ?? 0, t.Status?.State?.ToString().ToLowerInvariant() ?? "unknown",
            string.IsNullOrEmpty(t.Status?.ContainerStatus?.ContainerID) ? null : t.Status!.ContainerStatus!.ContainerID,
            t.Status?.ContainerStatus is { } c && (t.Status.State is TaskState.Complete or TaskState.Failed) ? c.ExitCode : null,
            string.IsNullOrEmpty(t.Status?.Err) ? null : t.Status.Err,
            t.NodeID ?? "")).ToList();
    }

    public async Task<string> NodeHostnameAsync(string nodeId, CancellationToken cancellation)
    {
        try
        {
            return (await _client.Swarm.InspectNodeAsync(nodeId, cancellation)).Description?.Hostname ?? nodeId;
        }
        catch (DockerApiException)
        {
            return nodeId;
        }
    }

    /// <summary>Logical node names (label testbed.node) of the swarm's ready nodes.</summary>
    public async Task<IReadOnlySet<string>> LabelledNodesAsync(CancellationToken cancellation)
    {
        var nodes = await _client.Swarm.ListNodesAsync(cancellation);
        return nodes.Where(n => n.Status?.State == "ready" && n.Spec?.Labels is not null && n.Spec.Labels.ContainsKey("testbed.node"))
            .Select(n => n.Spec!.Labels!["testbed.node"]).ToHashSet();
    }

    /// <summary>A container's whole output (stdout and stderr in order of the stream).</summary>
    public async Task<string> ContainerLogsAsync(string containerId, CancellationToken cancellation)
    {
        using var stream = await _client.Containers.GetContainerLogsAsync(containerId, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true },
            cancellation);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellation);
        return stderr.Length == 0 ? stdout : stdout + stderr;
    }

    /// <summary>Like <see cref="ContainerLogsAsync"/>, but null when the container or the engine is already gone (clean-up paths).</summary>
    public async Task<string?> TryContainerLogsAsync(string containerId, CancellationToken cancellation)
    {
        try
        {
            return await ContainerLogsAsync(containerId, cancellation);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or DockerApiException or HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The process id of a running container's init on its engine's host (a node's own pid namespace); null when it is not running.</summary>
    public async Task<int?> ContainerPidAsync(string containerId, CancellationToken cancellation)
    {
        try
        {
            var state = (await _client.Containers.InspectContainerAsync(containerId, cancellation)).State;
            return state is { Running: true, Pid: > 0 } ? (int)state.Pid : null;
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Waits, on the container's own engine, until it exits, and returns its exit code: one request
    /// held open, where polling the swarm's manager for task states cost a request (and, through a
    /// node's SSH tunnel, a process on the manager node) every half second per worker,
    /// </summary>
    public async Task<long> ContainerExitAsync(string containerId, CancellationToken cancellation) =>
        (await _long.Containers.WaitContainerAsync(containerId, cancellation)).StatusCode;

    /// <summary>
    /// Removes a service and its task containers. Swarm reaps exited task containers on its own
    /// schedule after the service is gone; we do not leave that to chance.
    /// </summary>
    public async Task RemoveServiceAsync(string id, CancellationToken cancellation)
    {
        try { await _client.Swarm.RemoveServiceAsync(id, cancellation); }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound) { }

        var filter = LabelFilter($"com.docker.swarm.service.id={id}");
        foreach (var container in await _client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, cancellation))
        {
            try { await _client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, cancellation); }
            catch (DockerApiException) { } // removed by Swarm meanwhile
        }
    }

    public async Task RemoveSecretAsync(string id, CancellationToken cancellation)
    {
        try { await _client.Secrets.DeleteAsync(id, cancellation); }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound) { }
    }

    /// <summary>Removes a network, waiting briefly for the service's tasks to let go of it.</summary>
    public async Task RemoveNetworkAsync(string id, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(8);
        while (true)
        {
            try
            {
                await _client.Networks.DeleteNetworkAsync(id, cancellation);
                return;
            }
            catch (DockerNetworkNotFoundException)
            {
                return;
            }
            catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return;
            }
            catch (DockerApiException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellation);
            }
        }
    }
}
