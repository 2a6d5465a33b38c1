using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Checks;

/// <summary>
/// What observing cost: the driver's collection (manifest.json sampler.cpuPercent, its busy time),
/// the sampler on each node (nodes.csv sampler_cpu_percent), and the watched/unwatched pairs the run
/// measured (manifest.json observer). An observer that costs much takes CPU from the workers it measures.
/// </summary>
internal sealed class SamplerCostCheck : ICheck
{
    /// <summary>The driver's or a node's sampler CPU, in % of one core, above which it disturbs what it measures.</summary>
    public const double CpuPercent = 2;

    /// <summary>A watched step this much slower than an unwatched one, in %, is reported.</summary>
    public const double StepPercent = 2;

    public string Name => "observer cost";

    public string Rule =>
        $"the driver's or a node's sampler above {CpuPercent:0} % of one core, or watched steps more than {StepPercent:0} % slower than unwatched ones";

    public IEnumerable<Finding> Run(CheckInput input)
    {
        var cost = input.Manifest.Sampler.CpuPercent;
        if (cost > CpuPercent)
        {
            yield return new Finding(Name, Severity.Warning, Place.Run,
                $"the driver's sampling used {Format.Number(cost, "0.00")} % of one core (every {input.Manifest.Sampler.IntervalMs} ms)",
                "the measurement took CPU from the machine it measured; on a shared or small machine that is CPU the workers did not get, in both modes",
                "sample less often, or find what made sampling slow; the README's runs measured 0.1-0.7 %");
        }
        foreach (var scenario in input.Scenarios)
        {
            foreach (var mode in scenario.Modes)
            {
                var byNode = scenario.Of(mode).SelectMany(r => r.NodeMetrics).Where(n => n.SamplerCpuPercent is not null)
                    .GroupBy(n => n.Node).OrderBy(g => g.Key, StringComparer.Ordinal);
                foreach (var node in byNode)
                {
                    var mean = node.Average(n => n.SamplerCpuPercent!.Value);
                    if (mean <= CpuPercent) continue;
                    yield return new Finding(Name, Severity.Warning, new Place(scenario.Name, mode, Node: node.Key),
                        $"the sampler on {node.Key} used {Format.Number(mean, "0.00")} % of one core on average",
                        "the node's share is fixed: what its sampler takes, its workers do not get",
                        "find what makes the node's sampler costly (many workers, a slow /proc); it should cost well under 1 %");
                }
            }
        }
        if (input.Manifest.Observer is not { } observer) yield break;
        foreach (var mode in observer.Modes.Where(m => m.MedianRatio is > 1 + StepPercent / 100))
        {
            yield return new Finding(Name, Severity.Note, new Place(observer.Experiment, mode.Mode),
                $"watched steps took {Format.Percent((mode.MedianRatio!.Value - 1) * 100)} longer than unwatched ones (median of {mode.Pairs.Count} pair(s))",
                mode.Pairs.Count < 3 ? "a pair's noise is several percent, so this may be noise; if it is not, observing slows this mode's workers"
                    : "observing slows this mode's workers; the overhead measured includes it",
                "run with --observer-pairs 3 or more to tell noise from cost; compare with the other mode's figure");
        }
    }
}
