using MathNet.Numerics.Statistics;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Checks;

/// <summary>
/// On a cluster, each node's CPU besides its workers (engine, containerd, sshd, the probes): what
/// runs beside the workers competes with them for the node's share, and a mode whose machinery
/// costs more leaves its workers less.
/// </summary>
internal sealed class EngineCostCheck : ICheck
{
    /// <summary>A node's non-worker CPU, in % of one core, above which it competes with its workers.</summary>
    public const double CpuPercent = 5;

    /// <summary>How much a node's non-worker CPU may differ between a mode and native, in points of one core.</summary>
    public const double ModeDifference = 2;

    public string Name => "engine cost";

    public string Rule =>
        $"on a cluster, a node's CPU besides its workers (nodes.csv minus metrics.csv at " +
        $"the same seconds, median over repetitions) above {CpuPercent:0} % of one core, " +
                          $"or differing from native's by more than {ModeDifference:0} points";

    public IEnumerable<Finding> Run(CheckInput input)
    {
        if (!input.Measured.Any(r => r.NodeMetrics.Count > 0))
        {
            yield return Finding.Skipped(this, Place.Run, input.Manifest.Cluster is { Kind: not "local" }
                ? "the measured repetitions have no nodes.csv"
                : "this host alone has no nodes.csv (whole nodes are sampled on clusters only)");
            yield break;
        }
        foreach (var scenario in input.Scenarios)
        {
            var byMode = new Dictionary<Mode, IReadOnlyDictionary<string, double>>();
            foreach (var mode in scenario.Modes)
            {
                var perRepetition = scenario.Of(mode).Select(NodeNonWorkerCpu.Of).ToList();
                var medians = perRepetition.SelectMany(r => r).GroupBy(p => p.Key)
                    .ToDictionary(g => g.Key, g => g.Select(p => p.Value).Median());
                if (medians.Count == 0)
                {
                    yield return Finding.Skipped(this, new Place(scenario.Name, mode),
                        $"no node has {NodeNonWorkerCpu.MinimumSeconds} seconds with its own and all its workers' CPU read");
                    continue;
                }
                byMode[mode] = medians;
                foreach (var (node, cpu) in medians.OrderBy(p => p.Key, StringComparer.Ordinal).Where(p => p.Value > CpuPercent))
                {
                    yield return new Finding(Name, Severity.Warning, new Place(scenario.Name, mode, Node: node),
                        $"{Format.Number(cpu)} % of one core besides the workers (median over {perRepetition.Count(r => r.ContainsKey(node))} repetitions)",
                        "the node spent this on its engine, sshd and the run's own probes while the workers trained: CPU the workers could not use",
                        "see what runs on the node during a repetition (top inside the node; the engine's stats stream and the " +
                            "file mirroring are the usual suspects); compare with the idle engine CPU in the Cluster table");
                }
            }
            if (!byMode.TryGetValue(Mode.Native, out var native)) continue;
            foreach (var (mode, nodes) in byMode.Where(p => p.Key != Mode.Native))
            {
                foreach (var (node, cpu) in nodes.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!native.TryGetValue(node, out var baseline) || Math.Abs(cpu - baseline) <= ModeDifference) continue;
                    yield return new Finding(Name, Severity.Warning, new Place(scenario.Name, mode, Node: node),
                        $"{Format.Number(cpu)} % of one core besides the workers against native's " +
                            $"{Format.Number(baseline)} % ({Format.Number(cpu - baseline, "+0.0;-0.0")} points)",
                        "the modes' machinery cost the node different CPU: with a node's share fixed, what the " +
                            "machinery took the workers did not get, and that is part of the measured overhead",
                        "name the process (engine, containerd-shim, the overlay's encapsulation, the " +
                            "probes); if it is the measurement's own, it should be the same in both modes");
                }
            }
        }
    }
}
