using Testbed.Orchestration.Processes;

namespace Testbed.Orchestration.Rootfs;

/// <summary>The host's mounts (from /proc/self/mountinfo), to find and undo what the pipeline mounted.</summary>
public static class MountTable
{
    public static IReadOnlyList<string> MountPoints()
    {
        // Field 5 is the mount point, with spaces and the like escaped in octal (\040).
        return File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 4)
            .Select(fields => Unescape(fields[4]))
            .ToList();
    }

    public static IReadOnlyList<string> Under(string directory)
    {
        var prefix = Path.GetFullPath(directory).TrimEnd('/') + "/";
        return MountPoints().Where(m => m.StartsWith(prefix, StringComparison.Ordinal) || m + "/" == prefix).Distinct().ToList();
    }

    /// <summary>Unmounts everything at or below <paramref name="directory"/>, deepest first; lazily if busy.</summary>
    public static async Task<int> UnmountUnderAsync(string directory, CancellationToken cancellation = default)
    {
        var mounts = Under(directory).OrderByDescending(m => m.Count(c => c == '/')).ThenByDescending(m => m.Length).ToList();
        foreach (var mount in mounts)
        {
            var result = await ProcessRunner.RunAsync("umount", [mount], TimeSpan.FromSeconds(30), cancellation, check: false);
            if (result.ExitCode != 0 && Under(mount).Contains(mount))
                await ProcessRunner.RunAsync("umount", ["-l", mount], TimeSpan.FromSeconds(30), cancellation, check: false);
        }
        return mounts.Count;
    }

    private static string Unescape(string field)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && field.Substring(i + 1, 3).All(char.IsAsciiDigit))
            {
                builder.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                builder.Append(field[i]);
            }
        }
        return builder.ToString();
    }
}
