using System.Globalization;

namespace Testbed.Orchestration.Experiments;

/// <summary>
/// The rules a sweep's grid must meet before it is expanded: every axis listed is non-empty and
/// holds each value once, node counts and batches are in range, a node axis leaves the workloads'
/// node lists to the plan, and every batch fits the data set at every node count. The cluster's
/// node count is checked once the cluster is known (<see cref="CheckNodeCounts"/>).
/// </summary>
public static class SweepValidator
{
    /// <param name="trainImages">Each workload's training-set size when known (null: its dataset error is reported elsewhere).</param>
    internal static void Check(Experiment experiment, IReadOnlyList<int?> trainImages, int maxWorkers, List<ValidationError> errors)
    {
        if (experiment.Sweep is not { } sweep) return;
        var file = experiment.File;
        if (sweep.Nodes is null && sweep.BatchPerWorker is null)
        {
            errors.Add(new ValidationError(file, Sweep.Field, "an empty grid",
                $"at least one axis: {string.Join(" or ", Sweep.Fields)}, each a list of values, " +
                $"e.g. \"sweep\": {{ \"nodes\": [2, 3, 4], \"batchPerWorker\": [32, 64, 128] }}"));
            return;
        }
        Axis(sweep.Nodes, Sweep.NodesField, 1, maxWorkers, "node counts", file, errors);
        Axis(sweep.BatchPerWorker, Sweep.BatchField, 1, int.MaxValue, "batch sizes per worker", file, errors);
        if (sweep.Nodes is not null)
        {
            for (var i = 0; i < experiment.Workloads.Count; i++)
            {
                if (experiment.Workloads[i].Nodes is not null)
                {
                    errors.Add(new ValidationError(file, $"workloads[{i}].nodes", "set beside sweep.nodes",
                        "no nodes list when the sweep sets the node count: each point places one worker per node on the cluster's first nodes"));
                }
            }
        }

        // A step's global batch (batch x workers) must fit the training set at every point of the grid.
        for (var w = 0; w < experiment.Workloads.Count; w++)
        {
            if (trainImages[w] is not { } images) continue;
            var batches = sweep.BatchPerWorker ?? [experiment.Workloads[w].BatchPerWorker];
            var workers = sweep.Nodes is { Count: > 0 } n ? n.Max() : experiment.Workloads[w].Workers;
            for (var j = 0; j < batches.Count; j++)
            {
                if (batches[j] >= 1 && (long)batches[j] * workers > images)
                {
                    var field = sweep.BatchPerWorker is null ? $"workloads[{w}].batchPerWorker" : $"{Sweep.BatchField}[{j}]";
                    errors.Add(new ValidationError(file, field, Text(batches[j]),
                        $"at most {images / workers} with {workers} workers ({experiment.Workloads[w].Name}'s largest point): a step's " +
                            $"global batch (batch x workers) must fit the {images} training images of {experiment.Workloads[w].Dataset}"));
                }
            }
        }
    }

    /// <summary>Every point's node count against the cluster's nodes (the local cluster shares this host among any number of workers).</summary>
    public static void CheckNodeCounts(IEnumerable<Experiment> experiments, int clusterNodes, string clusterName, List<ValidationError> errors)
    {
        var tooMany = experiments.Where(e => e.Point is { Nodes: { } n } && n > clusterNodes)
            .GroupBy(e => (e.File, e.Point!.Nodes!.Value));
        foreach (var group in tooMany)
        {
            errors.Add(new ValidationError(group.Key.File, Sweep.NodesField, Text(group.Key.Value),
                $"at most {clusterNodes}, the nodes of the cluster {clusterName} (one worker " +
                    $"per node); drop the count or pass a larger --cluster, e.g. virtual-4"));
        }
    }

    private static void Axis(IReadOnlyList<int>? values, string field, int low, int high, string what, string file, List<ValidationError> errors)
    {
        if (values is null) return;
        if (values.Count == 0)
        {
            errors.Add(new ValidationError(file, field, "an empty list", $"one or more {what}, or leave the axis out"));
            return;
        }
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] < low || values[i] > high)
            {
                errors.Add(new ValidationError(file, $"{field}[{i}]", Text(values[i]),
                    $"{what} from {low} to {(high == int.MaxValue ? "the data set's size" : Text(high))}"));
            }
        }
        foreach (var duplicate in values.GroupBy(v => v).Where(g => g.Count() > 1))
        {
            errors.Add(new ValidationError(file, field, $"{Text(duplicate.Key)} (listed {duplicate.Count()} times)",
                "each value once: a duplicate point would run twice under one name"));
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
