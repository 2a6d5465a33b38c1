namespace Testbed.Orchestration.Planning;

/// <summary>What the runner knows of a scenario's rounds: how many ran, and how long each took (gaps between its repetitions included).</summary>
public sealed record RoundHistory(int Rounds, IReadOnlyList<double> RoundSeconds)
{
    /// <summary>The next round's duration, predicted as the mean of the rounds so far; null before any.</summary>
    public TimeSpan? NextRound => RoundSeconds.Count == 0 ? null : TimeSpan.FromSeconds(RoundSeconds.Average());
}

/// <summary>
/// Whether a scenario gets another round, after its minimum rounds: one more while its headline's
/// half-width is above the target and the budget left holds another round of it; otherwise it
/// stops, with the reason (<see cref="PrecisionStop"/>). Pure: the runner and the coverage
/// simulation ask the very same rule.
/// </summary>
public static class PrecisionRule
{
    /// <summary>Rounds in a row without a new pair after which a scenario counts as failing.</summary>
    public const int FailingRounds = 2;

    /// <param name="reading">The analysis's reading of the scenario so far; null when none could be made.</param>
    /// <param name="budgetLeft">The run's budget minus the time spent; null without a budget.</param>
    public static PrecisionDecision Decide(ScenarioTarget target, HeadlinePrecision? reading, RoundHistory history, TimeSpan? budgetLeft,
        int limit = PrecisionPlan.RoundLimit)
    {
        var decision = new PrecisionDecision(target, reading, history, budgetLeft, limit, null);
        if (!target.Applied) return decision with { Stop = PrecisionStop.Fixed };
        if (reading?.HalfWidthPercent is { } half && half <= target.TargetPercent) return decision with { Stop = PrecisionStop.Met };
        var paired = reading?.PairedRounds ?? [];
        if (history.Rounds >= FailingRounds && Enumerable.Range(history.Rounds - FailingRounds, FailingRounds).All(r => !paired.Contains(r)))
            return decision with { Stop = PrecisionStop.Failing };
        if (history.Rounds >= limit) return decision with { Stop = PrecisionStop.Limit };
        if (budgetLeft is { } left && (history.NextRound is not { } next || left < next)) return decision with { Stop = PrecisionStop.Budget };
        return decision;
    }
}
