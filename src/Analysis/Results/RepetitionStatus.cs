namespace Testbed.Analysis.Results;

/// <summary>status.json of one repetition: its outcome, timings and every worker's exit.</summary>
public sealed record RepetitionStatus(
    string Scenario,
    Mode Mode,
    int Repetition,
    bool Warmup,
    RepetitionState Status,
    DateTimeOffset? StartedUtc,
    DateTimeOffset? EndedUtc,
    double? DurationSeconds,
    IReadOnlyList<WorkloadStatus> Workloads,
    string? Error);

public sealed record WorkloadStatus(string Name, IReadOnlyList<WorkerStatus> Workers);

public sealed record WorkerStatus(
    int Rank,
    string Node,
    int? ExitCode,
    double? TimeToFirstStepSeconds,
    string? WeightsHash,
    IReadOnlyList<string>? LastLogLines);
