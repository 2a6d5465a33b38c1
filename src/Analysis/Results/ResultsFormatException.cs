namespace Testbed.Analysis.Results;

/// <summary>
/// A file of a results folder is missing or does not follow results/README.md. The message names the
/// file, what was expected and what was found, so a reader can fix the folder or the writer.
/// </summary>
public sealed class ResultsFormatException : Exception
{
    public ResultsFormatException(string path, string problem, Exception? inner = null)
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
