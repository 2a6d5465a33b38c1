using System.Text;
using Testbed.Analysis.Results;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Comparison;

/// <summary>The comparison as a markdown table, for the console and for a file.</summary>
internal static class ComparisonMarkdown
{
    public static string Render(RunComparison c)
    {
        var md = new StringBuilder($"# {c.RunA} (a) against {c.RunB} (b)\n\n");
        md.Append("Means over succeeded, non-warm-up repetitions with 95 % bootstrap intervals, the overhead " +
            "with its headline interval (Student t over pairs); a verdict says how a stands against b. ");
        md.Append("Only intervals that separate tell a difference: overlapping ones, or " +
            "a run with fewer than 2 repetitions (no interval), \"can't tell\".\n\n");
        md.Append("| Scenario | Measure | a | b | Verdict (a vs b) |\n|---|---|---|---|---|\n");
        foreach (var s in c.Scenarios)
        {
            foreach (var mode in ModeNames.All.Where(m => s.A[m] is not null || s.B[m] is not null))
                md.Append($"| {s.Scenario} | {mode.ToName()} training time (s) | {Time(s.A[mode])} | {Time(s.B[mode])} | {Verdicts.ForTime(s.Time[mode])} |\n");
            md.Append($"| {s.Scenario} | container overhead | {Overhead(s.OverheadA)} | {Overhead(s.OverheadB)} | {Verdicts.ForOverhead(s.Overhead)} |\n");
        }
        return md.ToString();
    }

    private static string Time(MeanWithInterval? m) => m switch
    {
        null => Format.None,
        { Interval: { } i } => $"{Format.Seconds(m.Mean)} [{Format.Seconds(i.Low)}, {Format.Seconds(i.High)}] n = {m.N}",
        _ => $"{Format.Seconds(m.Mean)} (n too small for an interval) n = {m.N}",
    };

    private static string Overhead(Overhead? o) => o is null
        ? Format.None
        : $"{Format.Percent(o.Percent)} {Format.OverheadInterval(o)} n = {o.NativeN}/{o.ContainerN}";
}
