using System.Text.Json;

namespace Testbed.Analysis.Results;

/// <summary>
/// manifest.json: what ran and on what. Only the fields the analysis needs are typed; the whole
/// document is kept (<see cref="Document"/>) for the report's environment block, so a field the
/// orchestration adds later shows up there without a change here.
/// </summary>
public sealed record RunManifest(
    int SchemaVersion,
    string RunId,
    bool Complete,
    DateTimeOffset? StartedUtc,
    DateTimeOffset? EndedUtc,
    RunParameters Parameters,
    IReadOnlyList<ExperimentEntry> Experiments,
    IReadOnlyList<RepetitionEntry> Repetitions)
{
    public JsonElement Document { get; init; }
}

public sealed record RunParameters(int Repetitions, int Warmups, IReadOnlyList<Mode> Modes);

public sealed record ExperimentEntry(string Name, string? File, string? Sha256);

/// <summary>One line of the manifest's list of repetitions; <see cref="Path"/> is relative to the run folder.</summary>
public sealed record RepetitionEntry(string Scenario, Mode Mode, int Repetition, bool Warmup, RepetitionState Status, string Path);
