namespace Testbed.Analysis.Results;

/// <summary>
/// The outcome of one repetition. The first three are written by the orchestration (status.json);
/// <see cref="Missing"/> is ours: a repetition the run's parameters promised but no folder holds.
/// </summary>
public enum RepetitionState
{
    Succeeded,
    Failed,
    Incomplete,
    Missing,
}
