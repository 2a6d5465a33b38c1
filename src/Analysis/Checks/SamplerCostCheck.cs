using Testbed.Analysis.Tables;

namespace Testbed.Analysis.Checks;

/// <summary>
/// The resource sampler's own CPU (manifest.json sampler.cpuPercent, its busy time over the run): an
/// observer that costs much takes CPU from the workers it measures.
/// </summary>
internal sealed class SamplerCostCheck : ICheck
{
    /// <summary>The sampler's CPU, in % of one core, above which it disturbs what it measures.</summary>
    public const double CpuPercent = 2;

    public string Name => "observer cost";

    public string Rule => $"the resource sampler's CPU above {CpuPercent:0} % of one core";

    public IEnumerable<Finding> Run(CheckInput input)
    {
        var cost = input.Manifest.Sampler.CpuPercent;
        if (cost <= CpuPercent) yield break;
        yield return new Finding(Name, Severity.Warning, Place.Run,
            $"the sampler used {Format.Number(cost, "0.00")} % of one core (every {input.Manifest.Sampler.IntervalMs} ms)",
            "the measurement took CPU from the machine it measured; on a shared or small machine that is CPU the workers did not get, in both modes",
            "sample less often, or find what made sampling slow (probes over SSH, a slow engine's stats); the README's runs measured 0.1-0.7 %");
    }
}
