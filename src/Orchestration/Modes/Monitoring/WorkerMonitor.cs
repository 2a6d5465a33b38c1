using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Monitoring;

/// <summary>
/// Samples every worker of a repetition, whatever its mode, with one <see cref="SamplerProgram"/>
/// per place it can run on; on a cluster also each whole node (nodes.csv). The modes register
/// their workers' processes as they start; the probes read the latest round.
/// </summary>
public sealed class WorkerMonitor(IReadOnlyList<ISamplerPlace> places, bool nodeTotals)
{
    private volatile WorkerSampling? _current;

    /// <summary>A cluster's nodes, each sampled where it is, nodes.csv written.</summary>
    public static WorkerMonitor Of(ProvisionedCluster cluster) => new([.. cluster.Nodes.Select(n => new NodeSamplerPlace(n))], nodeTotals: true);

    /// <summary>This host alone (the local cluster): its workers only, no nodes.csv.</summary>
    public static WorkerMonitor Local() => new([new LocalSamplerPlace()], nodeTotals: false);

    /// <summary>The sampling of the repetition now running, or null between repetitions.</summary>
    public WorkerSampling? Current => _current;

    /// <summary>Whether it writes whole nodes' totals (cluster runs).</summary>
    public bool NodeTotals => nodeTotals;

    /// <summary>Starts sampling for one repetition; <paramref name="nodesCsv"/> receives the nodes' totals when <see cref="NodeTotals"/>.</summary>
    public async Task<WorkerSampling> StartAsync(string nodesCsv, CancellationToken cancellation)
    {
        var sampling = await WorkerSampling.StartAsync(places, nodeTotals ? nodesCsv : null, () => _current = null, cancellation);
        _current = sampling;
        return sampling;
    }
}
