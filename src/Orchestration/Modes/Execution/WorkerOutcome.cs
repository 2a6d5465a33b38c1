namespace Testbed.Orchestration.Execution;

/// <summary>How one worker ended: exit code (null if it never ran), where it ran, and why it failed if it did.</summary>
public sealed record WorkerOutcome(int Rank, string Node, int? ExitCode, string? Error)
{
    /// <summary>
    /// When the pipeline saw it exit, if the mode records it: a container's exit is seen before its
    /// log is fetched, and the workload's end must not include that fetch. Null: when the wait returned.
    /// </summary>
    public DateTimeOffset? ExitSeenUtc { get; init; }
}
