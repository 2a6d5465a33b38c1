namespace Testbed.Analysis.Results;

/// <summary>
/// A repetition as the analysis sees it: the outcome its status.json records, or
/// <see cref="Missing"/> when the manifest lists it but no folder holds it (the reader's word,
/// never written).
/// </summary>
public enum RepetitionState
{
    Succeeded,
    Failed,
    Incomplete,
    Missing,
}

internal static class RepetitionStates
{
    public static RepetitionState Of(RepetitionOutcome outcome) => outcome switch
    {
        RepetitionOutcome.Succeeded => RepetitionState.Succeeded,
        RepetitionOutcome.Failed => RepetitionState.Failed,
        RepetitionOutcome.Incomplete => RepetitionState.Incomplete,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
