using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Monitoring;

namespace Testbed.Orchestration.Recovery;

/// <summary>
/// One rank's resource probe across a workload's attempts: the sampler keeps one probe per rank
/// for the whole repetition, and each attempt's worker is plugged in while it runs (no sample
/// between attempts: a missing value, never a 0).
/// </summary>
internal sealed class AttemptProbe(int rank, string node) : IWorkerProbe
{
    private IWorkerProbe? _current;

    public int Rank => rank;
    public string Node => Volatile.Read(ref _current)?.Node ?? node;

    public void Attach(IWorkerProbe? probe) => Volatile.Write(ref _current, probe);

    public Task<ResourceSample?> SampleAsync(CancellationToken cancellation) =>
        Volatile.Read(ref _current) is { } probe ? probe.SampleAsync(cancellation) : Task.FromResult<ResourceSample?>(null);
}
