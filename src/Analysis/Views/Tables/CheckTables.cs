using Testbed.Analysis.Checks;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Tables;

/// <summary>tables/checks.csv: every finding, one per row with its place in columns, then every check that looked and found nothing.</summary>
public static class CheckTables
{
    public static ReportTable Checks(CheckResults results)
    {
        var table = new TableBuilder("checks", "Checks",
            "Severity", "Check", "Scenario", "Mode", "Repetition", "Round", "Workload", "Rank", "Node", "Epochs", "Seen", "Meaning", "What to do", "Rule");
        var rules = CheckResults.All.ToDictionary(c => c.Name, c => c.Rule);
        foreach (var f in results.Warnings.Concat(results.Notes).Concat(results.NotChecked))
        {
            var w = f.Where;
            table.Row(f.NotChecked ? "not checked" : f.Severity == Severity.Warning ? "warning" : "note", f.Check,
                w.Scenario ?? Format.None, w.Mode?.ToName() ?? Format.None, Optional(w.Repetition), Optional(w.Round), w.Workload ?? Format.None,
                Optional(w.Rank), w.Node ?? Format.None, w.Epochs ?? Format.None, f.Seen, Text(f.Meaning), Text(f.Action),
                    rules.GetValueOrDefault(f.Check, Format.None));
        }
        foreach (var name in results.FoundNothing)
        {
            table.Row("none", name, Format.None, Format.None, Format.None, Format.None, Format.None, Format.None, Format.None, Format.None,
                "looked and found nothing", Format.None, Format.None, rules.GetValueOrDefault(name, Format.None));
        }
        return table.Build();
    }

    private static string Optional(int? value) => value is { } v ? Format.Int(v) : Format.None;

    private static string Text(string text) => text.Length > 0 ? text : Format.None;
}
