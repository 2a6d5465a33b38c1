namespace Testbed.Analysis.Reproduction;

/// <summary>Writes reproduction.md and reproduction.json into the re-run's report folder, beside report.md.</summary>
public static class ReproductionWriter
{
    /// <returns>The markdown file's path (the JSON file is beside it).</returns>
    public static string Write(RunReproduction reproduction, string rerunFolder)
    {
        var directory = Path.Combine(rerunFolder, RunLayout.ReportFolder);
        Directory.CreateDirectory(directory);
        RunJson.Write(Path.Combine(directory, RunLayout.ReproductionJson), reproduction);
        var markdown = Path.Combine(directory, RunLayout.ReproductionMarkdown);
        File.WriteAllText(markdown, reproduction.ToMarkdown());
        return markdown;
    }
}
