namespace Testbed.Runs;

/// <summary>
/// A file of a run folder is missing or does not follow the contract (results/README.md). The
/// message names the file, what was expected and what was found, so a reader can fix the folder.
/// </summary>
public sealed class RunFormatException : Exception
{
    public RunFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>The file (or folder) at fault.</summary>
    public string FilePath { get; }

    /// <summary>What was expected and what was found, without the path.</summary>
    public string Problem { get; }
}
