namespace Testbed.Orchestration.Execution;

/// <summary>How one worker ended: exit code (null if it never ran), where it ran, and why it failed if it did.</summary>
public sealed record WorkerOutcome(int Rank, string Node, int? ExitCode, string? Error);
