namespace Testbed.Orchestration.Processes;

public sealed record ProcessResult(int ExitCode, string Output, TimeSpan Duration)
{
    /// <summary>The last lines of the output, for error messages.</summary>
    public string Tail(int lines = 15) => string.Join('\n', Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));
}
