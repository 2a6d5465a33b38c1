namespace Testbed.Orchestration.Recovery;

/// <summary>
/// The last lines of a worker's log, which every failure message and status quotes: the place a
/// worker says why it stopped. A log that was never written (the worker never started) has none.
/// </summary>
public static class WorkerLogTail
{
    /// <summary>How many lines a repetition's or tune phase's status keeps of a failed worker's log.</summary>
    public const int StatusLines = 20;

    /// <param name="skipBlank">Leave out blank lines, for a message quoting only what the worker said.</param>
    public static IReadOnlyList<string> Read(string log, int lines = StatusLines, bool skipBlank = false)
    {
        if (!File.Exists(log)) return [];
        var all = File.ReadLines(log);
        return [.. (skipBlank ? all.Where(l => l.Trim().Length > 0) : all).TakeLast(lines)];
    }
}
