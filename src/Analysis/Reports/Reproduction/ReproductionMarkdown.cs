using System.Text;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Reproduction;

/// <summary>reproduction.md: the verdict, then what changed, then the exact items, then the timings.</summary>
internal static class ReproductionMarkdown
{
    public static string Render(RunReproduction r)
    {
        var md = new StringBuilder($"# Reproduction of {r.Original} by {r.Rerun}\n\n");
        md.Append(r.Reproduced
            ? "**Reproduced.** " + (r.SameCpu
                ? "Every exact item is identical and every timing is consistent.\n\n"
                : "Every timing is consistent; the CPU differs, so exact items were not required to be identical (see below).\n\n")
            : $"**Not reproduced.** {r.Differences.Count} difference(s):\n\n{string.Concat(r.Differences.Select(d => $"- {Escape(d)}\n"))}\n");

        md.Append("## What changed between the two runs\n\n");
        if (r.Environment.Count == 0)
        {
            md.Append("Nothing the manifests record: same commit, experiment files, image, rootfs packages, trainer, CPU, threads, kernel and Docker.\n\n");
        }
        else
        {
            md.Append("| Item | Original | Re-run |\n|---|---|---|\n");
            foreach (var e in r.Environment) md.Append($"| {Escape(e.Item)} | {Escape(e.Original)} | {Escape(e.Rerun)} |\n");
            md.Append('\n');
        }

        md.Append("## CPU\n\n");
        md.Append(r.SameCpu
            ? $"Same CPU and threads ({Escape(r.RerunCpu)}): the exact items below must be identical.\n\n"
            : $"The CPU or the threads differ (original: {Escape(r.OriginalCpu)}; re-run: {Escape(r.RerunCpu)}): " +
                $"exact items may differ in the last bits and are reported, not required. " +
              (r.ExpectedDifferences.Count == 0 ? "They are identical anyway.\n\n" : $"{r.ExpectedDifferences.Count} of them differ.\n\n"));

        md.Append("## Exact items (same seeds, same bits)\n\n| Scenario | Workload | Mode " +
            "| Item | Original | Re-run | Verdict |\n|---|---|---|---|---|---|---|\n");
        foreach (var e in r.Exact)
        {
            var verdict = e.Identical ? "identical" : e.Detail;
            md.Append($"| {e.Scenario} | {e.Workload} | {e.Mode.ToName()} | {e.Item} | {Value(e, e.Original)} | {Value(e, e.Rerun)} | {verdict} |\n");
        }

        md.Append("\n## Timings (95 % intervals: the overhead's Student t over pairs, ms/step bootstrap; overlapping = consistent, as Compare judges)\n\n");
        md.Append("| Scenario | Item | Original | Re-run | Verdict |\n|---|---|---|---|---|\n");
        foreach (var s in r.Statistics)
        {
            var verdict = s.Verdict switch
            {
                Consistency.Consistent => "consistent",
                Consistency.Drifted => $"**drifted** ({s.Detail})",
                _ => $"not judged ({s.Detail})",
            };
            md.Append($"| {s.Scenario} | {s.Name} | {Estimate(s, s.Original)} | {Estimate(s, s.Rerun)} | {verdict} |\n");
        }
        if (r.Problems.Count > 0)
            md.Append($"\n## Repetitions that did not succeed\n\n{string.Concat(r.Problems.Select(p => $"- {Escape(p)}\n"))}");
        return md.ToString();
    }

    /// <summary>Hashes shortened to tell two apart (reproduction.json has them whole).</summary>
    private static string Value(ExactItem item, string? value) => value switch
    {
        null => Format.None,
        _ when item.Item == ExactItem.WeightsHash && value.Length > 23 && !value.StartsWith(ExactItem.VariesPrefix, StringComparison.Ordinal) => value[..23]
            + "…",
        _ => Escape(value),
    };

    private static string Estimate(StatisticalItem item, Estimate? e) => e is null
        ? Format.None
        : item.Item == StatisticalItem.Overhead
            ? $"{Format.Percent((e.Value - 1) * 100)}{PercentInterval(e.Interval)} n = {Format.Int(e.N)}"
            : $"{Format.Ms(e.Value)}{MsInterval(e.Interval)} n = {Format.Int(e.N)}";

    private static string PercentInterval(Stats.Interval? ratio) =>
        ratio is { } r ? " " + Format.PercentInterval(new Stats.Interval((r.Low - 1) * 100, (r.High - 1) * 100)) : "";

    private static string MsInterval(Stats.Interval? i) => i is { } x ? $" [{Format.Ms(x.Low)}, {Format.Ms(x.High)}]" : "";

    private static string Escape(string text) => text.Replace("|", "\\|");
}
