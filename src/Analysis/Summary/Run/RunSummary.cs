using Testbed.Analysis.Checks;
using Testbed.Analysis.Results;
using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Run;

/// <summary>
/// Everything a report shows about one run, computed once from its folder. Exporters (markdown, HTML,
/// CSV, images) read only this, as BenchmarkDotNet's exporters read only its Summary. It sits above the
/// checks, whose findings it holds, and they above the scenario summaries they read (Summary/README.md).
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

    public static RunSummary Of(RunFolder folder)
    {
        var manifest = folder.Manifest;
        // Scenario order: as the manifest lists its experiments, then any others in order of appearance.
        var names = manifest.Experiments.Select(e => e.Name)
            .Concat(folder.Repetitions.Select(r => r.Scenario))
            .Distinct()
            .Where(name => folder.Repetitions.Any(r => r.Scenario == name))
            .ToList();
        // On a cluster a rank's node is a real place (node-1, ...); on this host alone it is just the host.
        var onCluster = manifest.Cluster is { Kind: not "local" };
        var scenarios = names.Select(name => SummaryBuilder.Scenario(name, folder.Repetitions.Where(r => r.Scenario == name).ToList(), manifest, onCluster))
            .ToList();
        var model = Testbed.Analysis.Model.RunModel.Of(manifest, folder.Repetitions.Where(r => names.Contains(r.Scenario)));
        return new RunSummary(manifest.RunId, folder.Path, manifest.Complete, manifest.StartedUtc,
            EnvironmentBlock.From(folder.Document), scenarios)
        {
            Cluster = manifest.Cluster, Observer = manifest.Observer, Sampler = manifest.Sampler, Checks = CheckResults.Of(folder, scenarios, model),
            Model = model, Sweeps = SweepSummary.Of(manifest, scenarios, model),
        };
    }
}
