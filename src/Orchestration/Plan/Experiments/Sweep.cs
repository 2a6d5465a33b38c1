using System.Globalization;

namespace Testbed.Orchestration.Experiments;

/// <summary>
/// A grid over a scenario's size (issue 24): every combination of the listed values becomes a
/// scenario of its own (<see cref="SweepExpansion"/>), run and interleaved like any other. An axis
/// left out keeps the workloads' own value.
/// </summary>
/// <param name="Nodes">Node counts: each workload runs one worker per node (workers = the count), spread over the cluster's first nodes.</param>
/// <param name="BatchPerWorker">Batch sizes per worker, set on every workload.</param>
public sealed record Sweep(IReadOnlyList<int>? Nodes = null, IReadOnlyList<int>? BatchPerWorker = null)
{
    public const string Field = "sweep";
    public const string NodesField = "sweep.nodes";
    public const string BatchField = "sweep.batchPerWorker";

    /// <summary>The fields an experiment file's sweep object may hold.</summary>
    public static readonly string[] Fields = ["nodes", "batchPerWorker"];
}

/// <summary>
/// Which point of a sweep a scenario is: the sweep's (file's) name and the values it set. Recorded
/// in the manifest with the scenario's definition, so the report can plot against the swept value.
/// </summary>
public sealed record SweepPoint(string Sweep, int? Nodes, int? BatchPerWorker)
{
    /// <summary>"scale-n3-b64": the sweep's name and each swept value, so a folder or table row says the point.</summary>
    public string ScenarioName =>
        Sweep + (Nodes is { } n ? "-n" + n.ToString(CultureInfo.InvariantCulture) : "")
            + (BatchPerWorker is { } b ? "-b" + b.ToString(CultureInfo.InvariantCulture) : "");
}
