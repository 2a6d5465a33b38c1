using System.Text;
using Testbed.Analysis.Results;
using Testbed.Analysis.Run;
using Testbed.Analysis.Stats;
using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Reporting;

/// <summary>results/index.md: one line per run folder with its date, scenarios and headline numbers.</summary>
public static class RunIndex
{
    public const string FileName = RunLayout.IndexFile;

    /// <summary>
    /// Rewrites the index from every run folder under <paramref name="resultsDirectory"/>, newest first.
    /// A folder that cannot be read gets a line saying why, instead of hiding it or failing the index.
    /// </summary>
    public static string Update(string resultsDirectory)
    {
        var md = new StringBuilder("# Runs\n\nNewest first. Overhead = container over native − 1, paired (geometric mean of neighbouring pairs, " +
            "95 % Student t interval; unpaired ratio of means with a bootstrap in folders without pairs) and n (native/container).\n\n");
        md.Append("| Run | Started (UTC) | Complete | Scenarios | Headline |\n|---|---|---|---|---|\n");
        foreach (var folder in RunLocator.RunFolders(resultsDirectory).Reverse())
            md.Append(Line(folder)).Append('\n');
        var path = Path.Combine(resultsDirectory, FileName);
        File.WriteAllText(path, md.ToString());
        return path;
    }

    private static string Line(string folder)
    {
        var name = Path.GetFileName(folder);
        var link = File.Exists(Path.Combine(folder, RunLayout.ReportFolder, "report.md")) ? $"[{name}]({name}/{RunLayout.ReportFolder}/report.md)" : name;
        try
        {
            var summary = RunSummary.Of(RunFolder.Load(folder));
            var started = summary.StartedUtc?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? Format.None;
            var scenarios = string.Join(", ", summary.Scenarios.Select(s => s.Name));
            var headline = string.Join("; ", summary.Scenarios.Select(Headline));
            return $"| {link} | {started} | {(summary.Complete ? "yes" : "no")} | {scenarios} | {headline} |";
        }
        catch (RunFormatException e)
        {
            return $"| {name} | {Format.None} | {Format.None} | {Format.None} | unreadable: {e.Message.Replace("|", "\\|")} |";
        }
    }

    private static string Headline(ScenarioSummary s) => s.Overhead is { } o
        ? $"{s.Name} {Format.Percent(o.Percent)} {Format.OverheadInterval(o)} " +
          $"({Format.Seconds(s.TrainingSeconds.Native?.Mean)} s vs {Format.Seconds(s.TrainingSeconds.Container?.Mean)} s, n = {o.NativeN}/{o.ContainerN})"
        : $"{s.Name} no overhead (a mode has no measured repetition)";
}
