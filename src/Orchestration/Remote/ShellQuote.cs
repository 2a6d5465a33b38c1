namespace Testbed.Orchestration.Cluster;

/// <summary>POSIX shell quoting for commands sent to a node: every argument a single-quoted word.</summary>
public static class ShellQuote
{
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>A command line of quoted words.</summary>
    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));
}
