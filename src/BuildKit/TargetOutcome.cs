namespace Testbed.BuildKit;

public enum TargetStatus { Succeeded, Failed, Skipped, Cancelled }

/// <summary>One row of the final summary.</summary>
public sealed record TargetOutcome(string Name, TargetStatus Status, TimeSpan Duration, string? Error = null);
