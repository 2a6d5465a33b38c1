using Testbed.Analysis.Checks;
using Testbed.Analysis.Results;

namespace Testbed.Analysis.Summary;

/// <summary>
/// Everything a report shows about one run, computed once from its folder. Exporters (markdown, HTML,
/// CSV, images) read only this, as BenchmarkDotNet's exporters read only its Summary.
/// </summary>
public sealed record RunSummary(
    string RunId,
    string RunPath,
    bool Complete,
    DateTimeOffset? StartedUtc,
    IReadOnlyList<EnvironmentEntry> Environment,
    IReadOnlyList<ScenarioSummary> Scenarios)
{
    /// <summary>The cluster the run used (manifest.json); null for folders written before clusters existed.</summary>
    public ClusterEntry? Cluster { get; init; }

    /// <summary>What watching the workers cost (manifest.json observer); null when the run did not measure it.</summary>
    public ObserverCostEntry? Observer { get; init; }

    /// <summary>The driver's sampler cost (manifest.json sampler).</summary>
    public SamplerEntry? Sampler { get; init; }

    /// <summary>What the checks found in the run's own data (signs that the measurement is broken), and which looked and found nothing.</summary>
    public CheckResults Checks { get; init; } = CheckResults.None;

    /// <summary>The run's cost model, its validation and what its sweeps measured (Model/): the report's "Cost model" and sweep sections.</summary>
    public Model.RunModel? Model { get; init; }

    /// <summary>Each sweep of the run (scenarios that are points of one grid, manifest definition.point), empty without one.</summary>
    public IReadOnlyList<SweepSummary> Sweeps { get; init; } = [];

    public static RunSummary Of(RunFolder folder) => SummaryBuilder.Build(folder);
}

/// <summary>One line of the environment block: a manifest field by its JSON path.</summary>
public sealed record EnvironmentEntry(string Key, string Value);
