using System.Globalization;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Progress;

/// <summary>
/// What the plan says about precision before a run: per scenario its target, the budget, the
/// minimum rounds, how many extra rounds the budget holds, and the count to expect: from the spread
/// of the newest earlier run of the scenario on the same cluster, or "known after the minimum rounds".
/// </summary>
public static class PrecisionPlanText
{
    /// <param name="forecast">Scenario and target in, what an earlier run says out (null: no earlier run).</param>
    public static IReadOnlyList<string> Lines(RunPlan plan, DurationEstimate estimate, Func<string, double, PrecisionForecast?>? forecast)
    {
        var precision = plan.Precision;
        if (precision.Scenarios.All(s => s.TargetPercent is null)) return [];
        var lines = new List<string>();
        var left = precision.Budget is { } budget ? budget - estimate.Of(plan.Repetitions) : (TimeSpan?)null;
        if (precision.Budget is { } b)
        {
            lines.Add($"Time budget {Minutes(b)} ({precision.BudgetSource}), counted from the start of RunScenario; " +
                      $"every scenario's minimum rounds and warm-ups are estimated at {Minutes(estimate.Of(plan.Repetitions))}, " +
                      $"which leaves about {Minutes(left!.Value)} for added rounds (shared by the scenarios with a target).");
        }
        foreach (var experiment in plan.Experiments)
        {
            var target = precision.For(experiment.Name);
            if (target.TargetPercent is not { } percent)
            {
                lines.Add($"{experiment.Name}: no target, a fixed count of {precision.MinimumRounds} rounds.");
                continue;
            }
            if (target.NotApplied is { } why)
            {
                lines.Add($"{experiment.Name}: target ±{N(percent, "0.##")} % not applied: {why}.");
                continue;
            }
            var round = estimate.Of(plan.Repetitions.Where(r => r.Experiment == experiment && r.Round == 0));
            var extra = left is { } l && round > TimeSpan.Zero ? Math.Max(0, (int)Math.Floor(l / round)) : (int?)null;
            var holds = extra is { } x ? $"the budget holds about {x} extra round{(x == 1 ? "" : "s")} of it (a round about {Minutes(round)})" : "no budget";
            var expected = forecast?.Invoke(experiment.Name, percent) is { } f
                ? f.PairsNeeded is { } needed
                    ? $"at the spread of run {f.RunId} (±{N(f.HalfWidthPercent, "0.0")} % from {f.Pairs} pairs), " +
                      $"about {Math.Min(needed, PrecisionPlan.RoundLimit)} rounds" +
                      (needed > PrecisionPlan.RoundLimit ? $" (it would take {needed}; the limit is {PrecisionPlan.RoundLimit})" : "")
                    : $"at the spread of run {f.RunId} (±{N(f.HalfWidthPercent, "0.0")} % from {f.Pairs} pairs), out of reach"
                : "known after the minimum rounds";
            lines.Add($"{experiment.Name}: target ±{N(percent, "0.##")} % (the headline's half-width), " +
                      $"at least {precision.MinimumRounds} rounds and at most {PrecisionPlan.RoundLimit}; {holds}; expected: {expected}.");
        }
        return lines;
    }

    private static string N(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Minutes(TimeSpan span) => span < TimeSpan.Zero ? $"nothing ({MinutesText.Of(-span)} short)" : MinutesText.Of(span);
}
