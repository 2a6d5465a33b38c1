namespace Testbed.Orchestration.Results;

/// <summary>
/// Everything needed to reproduce and judge a run (results/README.md documents each field).
/// Written when the run starts, rewritten after every repetition, so an interrupted run still
/// says what it did; <see cref="Complete"/> turns true only at a clean end.
/// </summary>
public sealed class RunManifest
{
    public int SchemaVersion { get; init; } = 1;
    public required string RunId { get; init; }
    public bool Complete { get; set; }
    public string? Interruption { get; set; }
    public required DateTime StartedUtc { get; init; }
    public DateTime? EndedUtc { get; set; }
    public required GitFacts Git { get; init; }
    public required IDictionary<string, object?> Parameters { get; init; }
    public required IReadOnlyList<ExperimentEntry> Experiments { get; init; }
    public required HostDescription Host { get; init; }
    public required RootfsEntry Rootfs { get; init; }
    public required ImageEntry Image { get; init; }
    public required string TrainerVersion { get; init; }
    public required IReadOnlyList<int> Seeds { get; init; }
    public SamplerEntry Sampler { get; set; } = new();
    public required string NativeAllotment { get; init; }
    public required string Placement { get; init; }
    public List<string> Notes { get; init; } = [];
    public List<RepetitionEntry> Repetitions { get; init; } = [];
}

public sealed record GitFacts(string Sha, bool Dirty);

public sealed record ExperimentEntry(string Name, string File, string Sha256, object Definition);

public sealed record RootfsEntry(string RecipeHash, string PackagesSha256);

public sealed record ImageEntry(string Id, string Tag);

public sealed record SamplerEntry
{
    public int IntervalMs { get; init; } = 1000;

    /// <summary>The sampler's own CPU use while sampling, in % of one core: its cost to the measurement.</summary>
    public double CpuPercent { get; set; }
}

public sealed record RepetitionEntry(string Scenario, string Mode, int Repetition, bool Warmup, string Status, string Path, double? DurationSeconds);
