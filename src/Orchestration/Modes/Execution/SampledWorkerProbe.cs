using Testbed.Orchestration.Monitoring;
using Testbed.Records;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// A worker as the sampler where it runs sees it (<see cref="SamplerProgram"/>), the same in every
/// mode: CPU as a rate of its cgroup's CPU time, CFS throttling and page faults cumulative, resident
/// memory; the all-reduce payload from its own records (mirrored here). <paramref name="pid"/> is
/// null until the worker's process is known (a container, once its task has one).
/// </summary>
internal sealed class SampledWorkerProbe(int rank, Func<(string Node, int Pid)?> locate, string recordsFile, WorkerMonitor monitor) : IWorkerProbe
{
    private WorkerCounters? _last;

    public int Rank => rank;
    public string Node => locate()?.Node ?? "";

    public Task<ResourceSample?> SampleAsync(CancellationToken cancellation)
    {
        if (locate() is not { } where || monitor.Current?.Latest(where.Node, where.Pid) is not { } now)
            return Task.FromResult<ResourceSample?>(null); // not started, not sampled yet, or gone
        // The first sample has nothing to take a rate against, nor one no newer than the last: no value, not 0.
        double? cpu = _last is { } last && now.At > last.At && now.CpuSeconds is { } used && last.CpuSeconds is { } before
            ? Math.Max(0, (used - before) / (now.At - last.At) * 100) : null;
        if (_last is null || now.At > _last.At) _last = now;
        var records = WorkerRecordFile.Read(recordsFile, RecordReading.Live);
        return Task.FromResult<ResourceSample?>(new ResourceSample(cpu, now.RssBytes, records.BytesReceived, records.BytesSent, now.RxBytes, now.TxBytes)
        {
            CpuPeriods = now.Periods,
            CpuThrottledPeriods = now.ThrottledPeriods,
            CpuThrottledSeconds = now.ThrottledSeconds,
            PageFaults = now.PageFaults,
        });
    }
}
