using Testbed.Orchestration.Docker;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// A worker container's resource use from the stats stream of the engine it runs on, started once
/// the container exists; the sampler reads the latest sample each second.
/// </summary>
internal sealed class ContainerProbe(int rank, Func<(string ContainerId, string Node, DockerEngine Engine)?> locate, string recordsFile, CancellationToken lifetime) : IWorkerProbe
{
    private volatile ContainerSample? _latest;
    private Task? _stream;

    public int Rank => rank;
    public string Node => locate()?.Node ?? "";

    public Task<ResourceSample?> SampleAsync(CancellationToken cancellation)
    {
        if (_stream is null && locate() is { } worker)
            _stream = Task.Run(() => worker.Engine.StreamContainerStatsAsync(worker.ContainerId, s => _latest = s, lifetime), CancellationToken.None);
        if (_latest is not { } s) return Task.FromResult<ResourceSample?>(null);
        // Payload from the trainer's counters, as for a native worker; the interface's bytes beside them.
        var records = Records.WorkerRecordFile.Read(recordsFile, Records.RecordReading.Live);
        return Task.FromResult<ResourceSample?>(new ResourceSample(s.CpuPercent, s.MemoryBytes, records.BytesReceived, records.BytesSent, s.NetRxBytes, s.NetTxBytes));
    }

    public Task Stopped => _stream ?? Task.CompletedTask;
}
