using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Planning;

/// <summary>One run of one scenario in one mode. <see cref="Index"/> counts from 0 in running order.</summary>
public sealed record PlannedRepetition(Experiment Experiment, Mode Mode, int Index, bool IsWarmup, int? EpochsOverride = null)
{
    /// <summary>The folder of this repetition inside the run folder (see results/README.md).</summary>
    public string RelativePath => Path.Combine("runs", Experiment.Name, Mode.Name(), $"rep-{Index}");

    public int EpochsOf(Workload workload) => EpochsOverride ?? workload.Epochs;

    public string Describe() => $"{Experiment.Name} {Mode.Name()} rep {Index}{(IsWarmup ? " (warm-up)" : "")}";
}
