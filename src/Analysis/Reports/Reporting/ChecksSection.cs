using Testbed.Analysis.Checks;
using Testbed.Analysis.Stats;
using Testbed.Analysis.Tables;

namespace Testbed.Analysis.Reporting;

/// <summary>
/// The report's first section: what the checks saw in the run's own data. Warnings first, then
/// notes, then what could not be checked, then one line naming the checks that looked and found
/// nothing, so a reader sees what was looked at. Each group says its rule, meaning and remedy once
/// and lists every place it was seen.
/// </summary>
internal static class ChecksSection
{
    public const string Title = "Checks";

    public static ReportSection Of(CheckResults results)
    {
        var rules = CheckResults.All.ToDictionary(c => c.Name, c => c.Rule);
        var blocks = new List<ReportBlock>();
        var (warnings, notes) = (results.Warnings, results.Notes);
        blocks.Add(new ParagraphBlock(warnings.Count + notes.Count == 0
            ? $"No check fired: {results.Ran.Count - results.NotChecked.Select(f => f.Check).Distinct().Count()} of " +
                $"{results.Ran.Count} checks looked at everything they need and found nothing" +
              (results.NotChecked.Count > 0 ? "; what could not be checked is listed below." : ".")
            : $"{Count(warnings.Count, "warning")} and {Count(notes.Count, "note")} from " +
                $"{results.Ran.Count} checks of this run's own data (rules: README, \"How to read a report\").",
            warnings.Count > 0));
        foreach (var (severity, findings) in new[] { (Severity.Warning, warnings), (Severity.Note, notes) })
        {
            foreach (var group in findings.GroupBy(f => (f.Check, f.Meaning, f.Action)))
            {
                var label = severity == Severity.Warning ? "Warning" : "Note";
                blocks.Add(new ParagraphBlock($"{label}: {group.Key.Check}, seen " +
                    $"{Count(group.Count(), "time")}. Rule: {rules.GetValueOrDefault(group.Key.Check, "")}. " +
                    $"Meaning: {group.Key.Meaning}. What to do: {group.Key.Action}.", severity == Severity.Warning));
                blocks.Add(new ListBlock(group.Select(f => $"{f.Where}: {f.Seen}").ToList()));
            }
        }
        if (results.NotChecked.Count > 0)
        {
            blocks.Add(new ParagraphBlock("Not checked (the data a check needs is missing):"));
            blocks.Add(new ListBlock(results.NotChecked.Select(f => $"{f.Check}, {f.Where}: {f.Seen["not checked: ".Length..]}").ToList()));
        }
        var nothing = results.FoundNothing;
        blocks.Add(new ParagraphBlock(nothing.Count > 0 ? $"Looked and found nothing: {string.Join(", ", nothing)}."
            : "Every check found something or could not look (above)."));
        blocks.Add(new DataBlock(CheckTables.Checks(results)));
        return new ReportSection(Title, blocks);
    }

    private static string Count(int n, string noun) => $"{Format.Int(n)} {noun}{(n == 1 ? "" : "s")}";
}
