using Testbed.Orchestration.Docker;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// A worker container's resource use from the Engine's stats stream, started once the container
/// exists; the sampler reads the latest sample each second.
/// </summary>
internal sealed class ContainerProbe(DockerEngine engine, int rank, Func<(string ContainerId, string Node)?> locate, CancellationToken lifetime) : IWorkerProbe
{
    private volatile ContainerSample? _latest;
    private Task? _stream;

    public int Rank => rank;
    public string Node => locate()?.Node ?? "";

    public Task<ResourceSample?> SampleAsync(CancellationToken cancellation)
    {
        if (_stream is null && locate() is { } worker)
            _stream = Task.Run(() => engine.StreamContainerStatsAsync(worker.ContainerId, s => _latest = s, lifetime), CancellationToken.None);
        return Task.FromResult(_latest is { } s ? new ResourceSample(s.CpuPercent, s.MemoryBytes, s.NetRxBytes, s.NetTxBytes) : null);
    }

    public Task Stopped => _stream ?? Task.CompletedTask;
}
