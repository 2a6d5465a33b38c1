using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Planning;

/// <summary>One run of one scenario in one mode. <see cref="Index"/> counts from 0 in running order.</summary>
public sealed record PlannedRepetition(Experiment Experiment, Mode Mode, int Index, bool IsWarmup, int? EpochsOverride = null)
{
    /// <summary>The interleaving round of a measured repetition (its modes ran next to each other); null for warm-ups.</summary>
    public int? Round { get; init; }

    /// <summary>The folder of this repetition inside the run folder.</summary>
    public string RelativePath => RunLayout.RepetitionPath(Experiment.Name, Mode, Index);

    public int EpochsOf(Workload workload) => EpochsOverride ?? workload.Epochs;

    /// <summary>What it is for, when it is not a repetition of the plan (the observer's cost pairs); null otherwise.</summary>
    public string? Label { get; init; }

    public string Describe() => Label is { } label ? $"{Experiment.Name} {Mode.ToName()} {label}"
        : $"{Experiment.Name} {Mode.ToName()} rep {Index}{(IsWarmup ? " (warm-up)" : "")}";
}
