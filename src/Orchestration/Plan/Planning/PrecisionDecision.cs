using System.Globalization;

namespace Testbed.Orchestration.Planning;

/// <summary>The rule's answer for one scenario, with what it was based on; <see cref="Stop"/> null means "one more round".</summary>
public sealed record PrecisionDecision(ScenarioTarget Target, HeadlinePrecision? Reading, RoundHistory History, TimeSpan? BudgetLeft, int Limit,
    PrecisionStop? Stop)
{
    public bool AddRound => Stop is null;

    public string Scenario => Target.Scenario;

    /// <summary>
    /// The line the run prints after judging: "thesis-single: ±4.1 % after 5 pairs, target ±3 %:
    /// one more round (31 min of the budget left, a round takes about 3.1 min)".
    /// </summary>
    public string Describe()
    {
        var pairs = Reading?.Pairs ?? 0;
        var achieved = Reading?.HalfWidthPercent is { } half
            ? $"±{N(half, "0.0")} % after {pairs} pair{(pairs == 1 ? "" : "s")}"
            : $"no interval yet ({pairs} pair{(pairs == 1 ? "" : "s")})";
        var target = Target.TargetPercent is { } t ? $"target ±{N(t, "0.##")} %" : "no target";
        var budget = BudgetLeft is { } left
            ? $"{Minutes(left)} of the budget left, a round takes {(History.NextRound is { } next ? "about " + Minutes(next) : "an unknown time")}"
            : "no time budget";
        var reach = Reading?.PairsNeeded is { } needed ? $"; about {needed} rounds would reach it at this spread" : "";
        var verdict = Stop switch
        {
            null => $"one more round ({budget})",
            PrecisionStop.Met => $"met after {History.Rounds} rounds",
            PrecisionStop.Budget => $"stop, the budget would not hold another round ({budget}){reach}",
            PrecisionStop.Limit => $"stop at the limit of {Limit} rounds{reach}",
            PrecisionStop.Failing => $"stop, its repetitions fail (no new pair in the last {PrecisionRule.FailingRounds} rounds)",
            _ => Target.NotApplied is { } why ? $"not applied ({why})" : $"a fixed count of {History.Rounds} rounds",
        };
        return $"{Scenario}: {achieved}, {target}: {verdict}";
    }

    private static string N(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Minutes(TimeSpan span) => MinutesText.Of(span);
}
