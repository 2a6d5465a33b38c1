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
    public static IEnumerable<ValidationError> Check(string parameterValue, string resolvedPath)
    {
        if (string.IsNullOrWhiteSpace(parameterValue))
        {
            yield return new ValidationError("--results", "value", "empty", "a folder for the run folders, e.g. results (relative to the repository) or an absolute path");
            yield break;
        }
        var full = Path.GetFullPath(resolvedPath);
        if (File.Exists(full))
        {
            yield return new ValidationError("--results", "value", $"'{parameterValue}'", $"a folder; {full} is a file");
            yield break;
        }
        for (var directory = new DirectoryInfo(full); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, RunLayout.ManifestFile)))
            {
                yield return new ValidationError("--results", "value", $"'{parameterValue}'", $"a folder outside every run folder; {directory.FullName} is a run folder (it holds {RunLayout.ManifestFile})");
                yield break;
            }
        }
        var existing = new DirectoryInfo(full);
        while (existing is not null && !existing.Exists) existing = existing.Parent;
        if (existing is null || !Writable(existing.FullName))
            yield return new ValidationError("--results", "value", $"'{parameterValue}'", $"a folder this user can write to; {existing?.FullName ?? full} is not writable");
    }

    private static bool Writable(string directory) => Access(directory, WriteOk) == 0;

    private const int WriteOk = 2;

    // access(2) answers for this user, root included (a read-only file system says no), without writing anything.
    [DllImport("libc", EntryPoint = "access", CharSet = CharSet.Ansi)]
    private static extern int Access(string path, int mode);
}
