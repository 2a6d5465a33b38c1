namespace Testbed.Runs;

/// <summary>
/// The hand-off between a target that makes a run folder (RunScenario, Reproduce) and the targets
/// after it (Report, Reproduce): a one-line file (artifacts/last-run.txt) naming the folder. It is
/// marked started, empty, before any work, and names the folder as soon as the folder exists, so a
/// later target reports exactly that run, also one that failed half-way, and never an older run
/// when the last one made no folder at all.
/// </summary>
public static class LastRunFile
{
    /// <summary>A run is starting: until it has a folder, "the last run" has none.</summary>
    public static void MarkStarted(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        File.WriteAllText(file, "");
    }

    /// <summary>The run's folder exists.</summary>
    public static void Write(string file, string runDirectory)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        File.WriteAllText(file, runDirectory + "\n");
    }

    /// <summary>What the file says: no run made here yet (Started false), a run that made no folder (Directory null), or its folder.</summary>
    public static (bool Started, string? Directory) Read(string file) =>
        !File.Exists(file) ? (false, null) : (true, File.ReadAllText(file).Trim() is { Length: > 0 } path ? path : null);
}
