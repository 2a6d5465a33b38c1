namespace Testbed.Runs;

/// <summary>
/// What watching the workers cost, measured once per run before its first repetition: per mode,
/// pairs of short repetitions of the run's first experiment, one with the sampler and the records'
/// mirror running and one without (in the order sampled, unsampled, then unsampled, sampled for
/// the next pair or mode, so a drift hits both sides), their steady step times, and the sampler's
/// own CPU on each node while it ran.
/// </summary>
public sealed record ObserverCostEntry(string Experiment, int Epochs, IReadOnlyList<ObserverModeCost> Modes);

/// <summary>One mode's pairs and the sampler's CPU (% of one core) per node in its sampled repetitions.</summary>
public sealed record ObserverModeCost(Mode Mode, IReadOnlyList<ObserverPair> Pairs, IReadOnlyDictionary<string, double?> SamplerCpuPercent)
{
    /// <summary>The median of the pairs' sampled / unsampled step-time ratios; null without a complete pair.</summary>
    public double? MedianRatio
    {
        get
        {
            var ratios = Pairs.Where(p => p.SampledMsPerStep > 0 && p.UnsampledMsPerStep > 0)
                .Select(p => p.SampledMsPerStep!.Value / p.UnsampledMsPerStep!.Value).Order().ToList();
            return ratios.Count == 0 ? null : ratios.Count % 2 == 1 ? ratios[ratios.Count / 2] : (ratios[ratios.Count / 2 - 1] + ratios[ratios.Count / 2]) / 2;
        }
    }
}

/// <summary>
/// One pair's steady step times in ms (median over workers of epochs 2..N); null for a side that
/// failed, with <see cref="Problem"/> saying why.
/// </summary>
public sealed record ObserverPair(double? SampledMsPerStep, double? UnsampledMsPerStep, string? Problem = null);
