namespace Testbed.Analysis.Results;

/// <summary>Turns the build's --run argument (a folder, a run id, or "latest") into a run folder path.</summary>
public static class RunLocator
{
    public const string Latest = "latest";

    /// <summary>
    /// "latest" is the newest run folder by name: names start with a UTC stamp
    /// (results/&lt;yyyyMMddTHHmmssZ&gt;-&lt;sha7&gt;), so ordinal order is time order.
    /// Anything else is a path, or a run id under <paramref name="resultsDirectory"/>.
    /// </summary>
    public static string Resolve(string resultsDirectory, string run)
    {
        if (string.Equals(run, Latest, StringComparison.OrdinalIgnoreCase))
        {
            return LatestRun(resultsDirectory)
                ?? throw new RunFormatException(Path.GetFullPath(resultsDirectory), "no run folder with a manifest.json here; run the scenarios first, or pass --run <folder>.");
        }

        if (Directory.Exists(run))
            return Path.GetFullPath(run);
        var underResults = Path.Combine(resultsDirectory, run);
        if (Directory.Exists(underResults))
            return Path.GetFullPath(underResults);
        throw new RunFormatException(Path.GetFullPath(underResults), $"no such run folder; expected a path, a run id under {resultsDirectory}, or '{Latest}'.");
    }

    /// <summary>Every run folder (one holding a manifest.json), oldest first.</summary>
    public static IReadOnlyList<string> RunFolders(string resultsDirectory) =>
        !Directory.Exists(resultsDirectory)
            ? []
            : Directory.GetDirectories(resultsDirectory)
                .Where(d => File.Exists(Path.Combine(d, RunLayout.ManifestFile)))
                .OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal)
                .Select(Path.GetFullPath)
                .ToList();

    public static string? LatestRun(string resultsDirectory) => RunFolders(resultsDirectory).LastOrDefault();
}
