using System.Globalization;
using System.Text.RegularExpressions;

namespace Testbed.Orchestration.Processes;

/// <summary>
/// Folders the driver makes in the temp folder (an engine tunnel's socket, a local run's job
/// token) carry their owner in the name: testbed-&lt;kind&gt;-&lt;pid&gt;-&lt;start ticks&gt;-&lt;random&gt;.
/// A driver killed with SIGKILL cannot remove them; the next run's start and Teardown remove those
/// whose owner no longer runs, and never a running driver's (another run, another engineer's test).
/// </summary>
public static partial class OwnedTempFolders
{
    public const string EngineKind = "engine";
    public const string SecretKind = "secret";

    /// <summary>The kinds the sweep looks for: folders of other names are never touched.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [EngineKind, SecretKind];

    /// <summary>A new folder owned by this process (made by mkdtemp: fresh, 0700).</summary>
    public static string Create(string kind) =>
        Directory.CreateTempSubdirectory(Prefix(kind, ProcessIdentity.Current)).FullName;

    public static string Prefix(string kind, ProcessIdentity owner) =>
        $"testbed-{kind}-{owner.Pid.ToString(CultureInfo.InvariantCulture)}-{owner.StartTicks.ToString(CultureInfo.InvariantCulture)}-";

    /// <summary>The owner a folder's name records; null for a name without one (not made by this code: left alone).</summary>
    public static ProcessIdentity? OwnerOf(string folderName)
    {
        var match = OwnedName().Match(folderName);
        if (!match.Success || !Kinds.Contains(match.Groups["kind"].Value)) return null;
        return int.TryParse(match.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && ulong.TryParse(match.Groups["ticks"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? new ProcessIdentity(pid, ticks)
            : null;
    }

    /// <summary>
    /// Removes the folders under <paramref name="root"/> (the temp folder) whose owner no longer
    /// runs, and returns their paths; one that cannot be removed is returned in the second list with why.
    /// </summary>
    public static (IReadOnlyList<string> Removed, IReadOnlyList<string> Problems) RemoveOrphans(string? root = null)
    {
        root ??= Path.GetTempPath();
        var removed = new List<string>();
        var problems = new List<string>();
        if (!Directory.Exists(root)) return (removed, problems);
        foreach (var folder in Directory.EnumerateDirectories(root, "testbed-*").Order(StringComparer.Ordinal))
        {
            if (OwnerOf(Path.GetFileName(folder)) is not { } owner || owner.IsRunning) continue;
            try
            {
                // A symlink named like ours is removed as a link, never followed.
                if (new DirectoryInfo(folder).LinkTarget is not null) File.Delete(folder);
                else Directory.Delete(folder, recursive: true);
                removed.Add(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{folder}: {e.Message}");
            }
        }
        return (removed, problems);
    }

    /// <summary>Removes the orphans and says so: each folder by name, or that there were none.</summary>
    public static int Sweep(IReporter reporter, string? root = null)
    {
        var (removed, problems) = RemoveOrphans(root);
        if (removed.Count > 0)
        {
            reporter.Info($"Removed {removed.Count.ToString(CultureInfo.InvariantCulture)} folder(s) of " +
                $"drivers that no longer run (killed before they could clean up): {string.Join(", ", removed)}");
        }
        else
        {
            reporter.Skip("No folders of dead drivers in the temp folder");
        }
        foreach (var problem in problems) reporter.Warn($"Could not remove a dead driver's folder {problem}; remove it by hand");
        return removed.Count;
    }

    [GeneratedRegex(@"^testbed-(?<kind>[a-z]+)-(?<pid>[0-9]{1,10})-(?<ticks>[0-9]{1,20})-[^/]+$")]
    private static partial Regex OwnedName();
}
