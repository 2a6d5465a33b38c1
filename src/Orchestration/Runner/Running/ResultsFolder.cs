using System.Runtime.InteropServices;
using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Running;

/// <summary>
/// Checks the folder run folders go to, before any work: a run must be able to write there, and
/// must not nest inside another run's folder (its report and the index would then read it as part
/// of that run). Nothing is created or written by the check.
/// </summary>
public static class ResultsFolder
{
    /// <summary>
    /// Kernel file systems: root may "write" there as far as access(2) is concerned, but a run
    /// folder cannot be made (--results /proc/x passed once and crashed RunScenario 13 s in).
    /// </summary>
    public static IReadOnlyList<string> Refused { get; } = ["/proc", "/sys", "/dev"];

    public static IEnumerable<ValidationError> Check(string parameterValue, string resolvedPath)
    {
        ValidationError Error(string expected) => new("--results", "value", $"'{parameterValue}'", expected);
        if (string.IsNullOrWhiteSpace(parameterValue))
        {
            yield return new ValidationError("--results", "value", "empty",
                "a folder for the run folders, e.g. results (relative to the repository) or an absolute path");
            yield break;
        }
        var full = Path.GetFullPath(resolvedPath);
        if (Refused.FirstOrDefault(r => full == r || full.StartsWith(r + "/", StringComparison.Ordinal)) is { } kernel)
        {
            yield return Error($"a folder on a disk; {full} is under {kernel}, a kernel file system where no run folder can be made");
            yield break;
        }
        if (File.Exists(full))
        {
            yield return Error($"a folder; {full} is a file");
            yield break;
        }
        for (var directory = new DirectoryInfo(full); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, RunLayout.ManifestFile)))
            {
                yield return Error($"a folder outside every run folder; {directory.FullName} is a run folder (it holds {RunLayout.ManifestFile})");
                yield break;
            }
        }
        // The nearest part of the path that exists decides: a file there means the folder can never be made.
        var existing = full;
        while (!Directory.Exists(existing) && !File.Exists(existing)) existing = Path.GetDirectoryName(existing) ?? "/";
        if (File.Exists(existing))
        {
            yield return Error($"a folder that can be made; {existing} is a file, so {full} cannot be a folder");
            yield break;
        }
        if (!Writable(existing))
            yield return Error($"a folder this user can write to; {existing} is not writable");
    }

    private static bool Writable(string directory) => Access(directory, WriteOk) == 0;

    private const int WriteOk = 2;

    // access(2) answers for this user, root included (a read-only file system says no), without writing anything.
    [DllImport("libc", EntryPoint = "access", CharSet = CharSet.Ansi)]
    private static extern int Access(string path, int mode);
}
