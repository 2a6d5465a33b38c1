namespace Testbed.BuildKit;

public enum TargetStatus { Succeeded, Failed, Skipped, Cancelled }

/// <summary>One row of the final summary.</summary>
/// <param name="BadInput">The target rejected its input (a <see cref="UsageException"/>): the build exits with 2.</param>
/// <param name="Background">It ran beside other targets: its duration overlaps theirs.</param>
public sealed record TargetOutcome(string Name, TargetStatus Status, TimeSpan Duration, string? Error = null, bool BadInput = false,
    bool Background = false);
