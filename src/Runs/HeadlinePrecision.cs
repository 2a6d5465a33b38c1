namespace Testbed.Runs;

/// <summary>
/// How precise one scenario's headline (the paired training-time overhead) is so far, as the
/// analysis reads it from a run folder. The runner asks for it after every round to decide whether
/// to add one (it cannot compute it itself: Orchestration does not reference Analysis), so the
/// runner and the report judge the very same interval.
/// </summary>
/// <param name="Pairs">Rounds whose native and container repetitions both counted.</param>
/// <param name="PairedRounds">Which rounds those were (the runner's "no new pair in the last 2 rounds").</param>
/// <param name="Ratio">Geometric mean of container/native; null without a pair.</param>
/// <param name="LowPercent">The 95 % interval's ends, in percent overhead; null below 2 pairs.</param>
/// <param name="HalfWidthPercent">(high − low) / 2 in percentage points: what --precision asks for.</param>
/// <param name="PairsNeeded">
/// How many pairs (one a round while repetitions succeed) the interval would need to reach the
/// scenario's target at the spread observed so far; null without a target or below 2 pairs.
/// </param>
public sealed record HeadlinePrecision(
    string Scenario,
    int Pairs,
    IReadOnlyList<int> PairedRounds,
    double? Ratio,
    double? LowPercent,
    double? HighPercent,
    double? HalfWidthPercent,
    int? PairsNeeded);

/// <summary>What an earlier run says the target will take: its spread, and the pairs needed at it.</summary>
/// <param name="RunId">The newest earlier run of the same scenario on the same cluster.</param>
public sealed record PrecisionForecast(string RunId, int Pairs, double HalfWidthPercent, int? PairsNeeded);
