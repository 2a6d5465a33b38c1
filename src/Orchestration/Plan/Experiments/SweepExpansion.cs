namespace Testbed.Orchestration.Experiments;

/// <summary>
/// Turns an experiment with a <see cref="Sweep"/> into one ordinary experiment per grid point, in
/// the grid's order (node counts outer, batch sizes inner). Pure: the grid is validated before
/// (<see cref="SweepValidator"/>).
/// </summary>
public static class SweepExpansion
{
    public static IReadOnlyList<Experiment> Expand(Experiment experiment)
    {
        if (experiment.Sweep is not { } sweep) return [experiment];
        IReadOnlyList<int?> nodes = sweep.Nodes is { Count: > 0 } n ? n.Select(x => (int?)x).ToList() : [null];
        IReadOnlyList<int?> batches = sweep.BatchPerWorker is { Count: > 0 } b ? b.Select(x => (int?)x).ToList() : [null];
        return nodes.SelectMany(count => batches.Select(batch => At(experiment, new SweepPoint(experiment.Name, count, batch)))).ToList();
    }

    private static Experiment At(Experiment experiment, SweepPoint point) => experiment with
    {
        Name = point.ScenarioName,
        Sweep = null,
        Point = point,
        Workloads = experiment.Workloads.Select(w => w with
        {
            // One worker per node: the node plan spreads ranks over the cluster's nodes in turn.
            Workers = point.Nodes ?? w.Workers,
            BatchPerWorker = point.BatchPerWorker ?? w.BatchPerWorker,
        }).ToList(),
    };
}
