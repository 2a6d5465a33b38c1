using Testbed.Orchestration.Monitoring;
using Testbed.Records;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// A native worker on a cluster node, as its node's sampler sees it (CPU time, resident memory
/// from the node's /proc, once a second); network bytes come from its records (mirrored here), as
/// for a native worker on this host.
/// </summary>
internal sealed class NodeProcessProbe(int rank, string node, int pid, string recordsFile, ClusterMonitor monitor) : IWorkerProbe
{
    private (double CpuSeconds, double At)? _last;

    public int Rank => rank;
    public string Node => node;

    public Task<ResourceSample?> SampleAsync(CancellationToken cancellation)
    {
        if (monitor.Current?.Latest(node, pid) is not { } latest) return Task.FromResult<ResourceSample?>(null); // not sampled yet, or exited
        // The first sample has nothing to take a rate against, nor a sample not newer than the last: no value, not 0.
        double? cpu = _last is { } last && latest.At > last.At ? Math.Max(0, (latest.CpuSeconds - last.CpuSeconds) / (latest.At - last.At) * 100) : null;
        if (_last is null || latest.At > _last.Value.At) _last = (latest.CpuSeconds, latest.At);
        var records = WorkerRecordFile.Read(recordsFile, RecordReading.Live);
        return Task.FromResult<ResourceSample?>(new ResourceSample(cpu, latest.RssBytes, records.BytesReceived, records.BytesSent));
    }
}
