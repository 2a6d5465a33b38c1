namespace Testbed.Records;

/// <summary>A line of a worker's records that does not follow results/README.md; says which line and why.</summary>
public sealed class RecordFormatException(string path, int line, string problem, Exception? inner = null)
    : Exception($"{path}: line {line}: {problem}", inner)
{
    public string FilePath { get; } = path;

    public int Line { get; } = line;

    /// <summary>"line N: " and what was expected and found, without the path.</summary>
    public string Problem { get; } = $"line {line}: {problem}";
}
