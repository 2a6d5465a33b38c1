namespace Testbed.Orchestration.Results;

/// <summary>The <c>status.json</c> of one repetition (results/README.md).</summary>
public sealed record RepetitionStatus
{
    public required string Scenario { get; init; }
    public required string Mode { get; init; }
    public required int Repetition { get; init; }
    public required bool Warmup { get; init; }

    /// <summary>succeeded, failed or incomplete (interrupted).</summary>
    public required string Status { get; init; }
    public required DateTime StartedUtc { get; init; }
    public required DateTime EndedUtc { get; init; }
    public required double DurationSeconds { get; init; }
    public required IReadOnlyList<WorkloadStatus> Workloads { get; init; }
    public string? Error { get; init; }
}

public sealed record WorkloadStatus(string Name, IReadOnlyList<WorkerStatus> Workers);

public sealed record WorkerStatus(int Rank, string Node, int? ExitCode, double? TimeToFirstStepSeconds, string? WeightsHash, IReadOnlyList<string> LastLogLines);
