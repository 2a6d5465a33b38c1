using Testbed.Orchestration.Docker;

namespace Testbed.Orchestration.Execution;

/// <summary>Samples a worker container through the Engine's stats API (one-shot: ~40 ms, no stream kept open).</summary>
internal sealed class ContainerProbe(DockerEngine engine, int rank, Func<(string ContainerId, string Node)?> locate) : IWorkerProbe
{
    private (ulong CpuNanoseconds, DateTime At)? _last;

    public int Rank => rank;
    public string Node => locate()?.Node ?? "";

    public async Task<ResourceSample?> SampleAsync(CancellationToken cancellation)
    {
        if (locate() is not { } worker) return null;
        var stats = await engine.ContainerStatsAsync(worker.ContainerId, cancellation);
        if (stats is not { } s) return null;
        var now = DateTime.UtcNow;
        // CPU % of one core from the difference of two samples: one-shot stats carry no previous sample.
        var cpu = _last is { } last && now > last.At && s.CpuNanoseconds >= last.CpuNanoseconds
            ? (s.CpuNanoseconds - last.CpuNanoseconds) / (now - last.At).TotalNanoseconds * 100
            : 0;
        _last = (s.CpuNanoseconds, now);
        return new ResourceSample(cpu, (long)s.MemoryBytes, (long)s.RxBytes, (long)s.TxBytes);
    }
}
