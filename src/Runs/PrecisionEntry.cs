namespace Testbed.Runs;

/// <summary>
/// The manifest's record of the precision the run asked for and what it got: the budget, the
/// minimum and the most rounds, and per scenario its target, the rounds it ran and why it stopped.
/// Absent in folders written before runs could stop on precision.
/// </summary>
/// <param name="BudgetMinutes">The time budget (--time-budget, else the sum of the experiments' timeBudgetMinutes); null without one.</param>
/// <param name="BudgetSource">Where the budget came from, in words.</param>
/// <param name="MinimumRounds">Rounds every scenario runs first (--repetitions); the first stage of the headline's interval.</param>
/// <param name="RoundLimit">Rounds a scenario never goes beyond, whatever its target.</param>
public sealed record PrecisionEntry(double? BudgetMinutes, string BudgetSource, int MinimumRounds, int RoundLimit,
    IReadOnlyList<ScenarioPrecisionEntry> Scenarios);

/// <summary>One scenario's target and outcome.</summary>
/// <param name="TargetPercent">The half-width asked for, in percentage points; null for a fixed count.</param>
/// <param name="Applied">Whether the rule may add rounds for the target (it needs 3 minimum rounds).</param>
/// <param name="Rounds">Rounds run so far (minimum and added).</param>
public sealed record ScenarioPrecisionEntry(string Scenario, double? TargetPercent, bool Applied, int Rounds)
{
    /// <summary>Pairs behind the headline when last judged.</summary>
    public int Pairs { get; init; }

    /// <summary>The headline's half-width when last judged, in percentage points; null below 2 pairs.</summary>
    public double? HalfWidthPercent { get; init; }

    /// <summary>Why no further round ran; null while the run goes on (or when it was interrupted first).</summary>
    public PrecisionStop? Stop { get; init; }

    /// <summary>The last judgement in words (the line the run printed).</summary>
    public string? Detail { get; init; }
}

/// <summary>Why a scenario ran no further round.</summary>
public enum PrecisionStop
{
    /// <summary>The headline's half-width reached the target.</summary>
    Met,

    /// <summary>The budget left would not hold another round of the scenario.</summary>
    Budget,

    /// <summary>The scenario ran the most rounds a run allows.</summary>
    Limit,

    /// <summary>No new pair in the last 2 rounds: its repetitions fail, more rounds would only fail too.</summary>
    Failing,

    /// <summary>No target (or one not applied): the fixed count of --repetitions.</summary>
    Fixed,
}
