namespace Testbed.Orchestration.Cleanup;

/// <summary>Moves files collected late (from a staging folder) into a run folder without overwriting anything already written there.</summary>
public static class RecoveredFiles
{
    /// <summary>
    /// Every file of <paramref name="staging"/> into the same place under <paramref name="target"/>:
    /// moved when absent, dropped when identical, and when different the one already there is kept
    /// as &lt;name&gt;.before-recovery beside the node's. The staging folder is removed; returns the files moved in.
    /// </summary>
    public static int Merge(string staging, string target)
    {
        var moved = 0;
        foreach (var file in Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories).ToList())
        {
            var destination = Path.Combine(target, Path.GetRelativePath(staging, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            if (File.Exists(destination))
            {
                if (Same(file, destination)) continue;
                var kept = destination + ".before-recovery";
                for (var n = 2; File.Exists(kept); n++) kept = $"{destination}.before-recovery-{n}";
                File.Move(destination, kept);
            }
            File.Move(file, destination);
            moved++;
        }
        Directory.Delete(staging, recursive: true);
        return moved;
    }

    private static bool Same(string a, string b)
    {
        var (fa, fb) = (new FileInfo(a), new FileInfo(b));
        return fa.Length == fb.Length && File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b));
    }
}
