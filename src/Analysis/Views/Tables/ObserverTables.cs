using Testbed.Analysis.Stats;
using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Tables;

/// <summary>What watching the workers cost, as the run measured it once before its first repetition (manifest.observer).</summary>
public static class ObserverTables
{
    public static string Sentence(ObserverCostEntry observer, SamplerEntry driver)
    {
        var parts = observer.Modes.Select(m => $"{m.Mode.ToName()} {(m.MedianRatio is { } r ? Format.Percent((r - 1) * 100) : Format.None)}");
        var samplers = observer.Modes.SelectMany(m => m.SamplerCpuPercent.Values).OfType<double>().ToList();
        var sampler = samplers.Count == 0 ? ""
            : $"; the sampler itself used {Format.Number(samplers.Min(), "0.00")}-{Format.Number(samplers.Max(), "0.00")} % of one core on each node";
        var pairs = observer.Modes.Max(m => m.Pairs.Count);
        return $"Watching the workers (the sampler on each node, which also follows the records) changed the steady step by {string.Join(", ", parts)} " +
               $"(watched over unwatched, {observer.Experiment}, {observer.Epochs} epochs, median of {pairs} pair(s) per " +
                   $"mode{(pairs < 3 ? ": a single pair's noise is several percent, so this bounds the cost rather than measures it" : "")})" +
               $"{sampler}; the driver's collection of the samples, on the machine driving the run, {Format.Number(driver.CpuPercent, "0.00")} % of one core.";
    }

    public static ReportTable Table(ObserverCostEntry observer)
    {
        var table = new TableBuilder("observer", "What watching the workers cost",
            "Mode", "Pair", "Watched (ms/step)", "Unwatched (ms/step)", "Watching costs", "Sampler CPU per node (% of one core)", "Problem");
        foreach (var mode in observer.Modes)
        {
            var sampler = string.Join(", ", mode.SamplerCpuPercent.Select(p => $"{p.Key} {Format.Number(p.Value, "0.00")}"));
            for (var i = 0; i < mode.Pairs.Count; i++)
            {
                var pair = mode.Pairs[i];
                var cost = pair.SampledMsPerStep is { } w && pair.UnsampledMsPerStep is { } u && u > 0 ? Format.Percent((w / u - 1) * 100) : Format.None;
                table.Row(mode.Mode.ToName(), Format.Int(i + 1), Format.Number(pair.SampledMsPerStep, "0.0"), Format.Number(pair.UnsampledMsPerStep, "0.0"),
                    cost,
                    i == 0 ? sampler : "", pair.Problem ?? "");
            }
        }
        return table.Build("Steady step: the median over workers of the second epoch's ms/step. A " +
            "watched repetition runs the sampler and mirrors the records as every measured one does; " +
                           "an unwatched one does neither (its records are collected at its end). Never part of the statistics.");
    }
}
