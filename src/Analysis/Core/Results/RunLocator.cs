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
                ?? throw new RunFormatException(Path.GetFullPath(resultsDirectory),
                    "no run folder with a manifest.json here; run the scenarios first, or pass --run <folder>.");
        }

        if (Directory.Exists(run))
            return Path.GetFullPath(run);
        var underResults = Path.Combine(resultsDirectory, run);
        if (Directory.Exists(underResults))
            return Path.GetFullPath(underResults);
        throw new RunFormatException(Path.GetFullPath(underResults), $"no such run folder; expected a path, a run id under {resultsDirectory}, or '{Latest}'.");
    }

    /// <summary>
    /// --run for a target that may follow one that makes a run (Report and Reproduce after RunScenario):
    /// "latest" is the run the last RunScenario or Reproduce made (<see cref="LastRunFile"/>, also one
    /// that failed half-way) when it went into <paramref name="resultsDirectory"/>, null when that run
    /// made no folder (never an older run by mistake), else the newest run folder there. Anything
    /// else resolves as <see cref="Resolve"/> does.
    /// </summary>
    public static string? ResolveAfterLastRun(string resultsDirectory, string run, string lastRunFile)
    {
        if (!string.Equals(run, Latest, StringComparison.OrdinalIgnoreCase))
            return Resolve(resultsDirectory, run);
        var (started, made) = LastRunFile.Read(lastRunFile);
        if (started && made is null)
            return null;
        var inResults = made is not null && Directory.Exists(made)
            && string.Equals(Path.GetFullPath(Path.GetDirectoryName(Path.GetFullPath(made))!), Path.GetFullPath(resultsDirectory).TrimEnd('/'),
                StringComparison.Ordinal);
        return inResults ? Path.GetFullPath(made!) : Resolve(resultsDirectory, run);
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
