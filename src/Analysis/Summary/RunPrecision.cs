using Testbed.Analysis.Results;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Summary;

/// <summary>
/// Reads how precise each scenario's headline is from a run folder: during a run, for the runner's
/// precision rule after every round (status and records only, no metrics), and before one, from the
/// newest earlier run of a scenario on the same cluster, for the plan's expected count.
/// </summary>
public static class RunPrecision
{
    /// <summary>Per scenario of the run, in the manifest's order: pairs, headline, half-width and the pairs its target needs.</summary>
    /// <exception cref="RunFormatException">A file of the run folder is missing or malformed.</exception>
    public static IReadOnlyList<HeadlinePrecision> Read(string runFolder) => Of(RunFolder.Load(runFolder, resources: false));

    internal static IReadOnlyList<HeadlinePrecision> Of(RunFolder folder)
    {
        var minimum = MinimumRounds(folder.Manifest);
        return folder.Manifest.Experiments.Select(e => e.Name).Distinct().Select(scenario =>
        {
            var measured = folder.Repetitions.Where(r => r.Scenario == scenario && r.IsMeasured).ToList();
            var target = folder.Manifest.Precision?.Scenarios.FirstOrDefault(s => s.Scenario == scenario)?.TargetPercent;
            return Precision.Of(scenario, Pairs.InRounds(Pairs.Of(measured), r => r.ScenarioSeconds), minimum, target);
        }).ToList();
    }

    /// <summary>The rounds every scenario ran first: the first stage of the headline's interval.</summary>
    internal static int MinimumRounds(RunManifest manifest) => manifest.Precision?.MinimumRounds ?? manifest.Parameters.Repetitions;

    /// <summary>
    /// At the spread of the newest earlier run of <paramref name="scenario"/> on the cluster named
    /// <paramref name="cluster"/> with at least 2 pairs: the pairs a run with
    /// <paramref name="minimumRounds"/> minimum rounds would need for <paramref name="targetPercent"/>.
    /// Null when there is no such run; folders that cannot be read are passed over.
    /// </summary>
    public static PrecisionForecast? Forecast(string resultsDirectory, string cluster, string scenario, double targetPercent, int minimumRounds)
    {
        foreach (var path in RunLocator.RunFolders(resultsDirectory).Reverse())
        {
            try
            {
                var manifest = RunManifest.Read(path);
                if ((manifest.Cluster?.Name ?? "local") != cluster || manifest.Experiments.All(e => e.Name != scenario)) continue;
                var folder = RunFolder.Load(path, resources: false);
                var pairs = Pairs.InRounds(Pairs.Of(folder.Repetitions.Where(r => r.Scenario == scenario && r.IsMeasured).ToList()), r => r.ScenarioSeconds);
                var logs = pairs.Select(p => Math.Log(p.Container / p.Native)).ToList();
                if (TInterval.StandardDeviation(logs, logs.Count) is not { } spread) continue;
                var earlier = Precision.Headline(pairs, MinimumRounds(manifest))!;
                // A new run's first stage would have this spread too: the guard uses it with the new minimum.
                var needed = Precision.PairsNeeded(logs.Average(), spread, spread, minimumRounds, targetPercent, Math.Max(minimumRounds, 2));
                return new PrecisionForecast(manifest.RunId, pairs.Count, earlier.HalfWidthPercent!.Value, needed);
            }
            catch (RunFormatException)
            {
                // A folder another version wrote, or one half-written: it cannot forecast anything.
            }
        }
        return null;
    }
}
