using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Progress;

namespace Testbed.Orchestration.Tests.Planning;

/// <summary>What the plan says about precision before a run.</summary>
[Trait("Tier", "Unit")]
public sealed class PrecisionPlanTextTests
{
    private static RunPlan Plan(double? precision, double? budget, int minimumRounds)
    {
        var single = RunPlanTests.Scenario("single") with { Precision = 3, TimeBudgetMinutes = 30 };
        var other = RunPlanTests.Scenario("other");
        return RunPlan.Create([single, other], [Mode.Native, Mode.Container], minimumRounds, 1, 1) with
        {
            Precision = PrecisionPlan.Create([single, other], precision, budget, minimumRounds, []),
        };
    }

    [Fact]
    public void Each_scenario_gets_its_target_minimum_rounds_extra_rounds_the_budget_holds_and_the_count_to_expect()
    {
        var plan = Plan(null, 600, 5);
        var estimate = new DurationEstimate();
        var round = estimate.Of(plan.Repetitions.Where(r => r.Experiment.Name == "single" && r.Round == 0));
        var extra = (int)Math.Floor((TimeSpan.FromMinutes(600) - estimate.Of(plan.Repetitions)) / round);

        var known = PrecisionPlanText.Lines(plan, estimate, (_, _) => null);
        var forecast = PrecisionPlanText.Lines(plan, estimate, (scenario, target) => new PrecisionForecast("20261203T082438Z-280e478", 5, 5.1, 14));

        Assert.StartsWith("Time budget 600 min (--time-budget 600), counted from the start of RunScenario", known[0]);
        Assert.Equal(("0.6 min", "12 min", "none"),
            (MinutesText.Of(TimeSpan.FromSeconds(36)), MinutesText.Of(TimeSpan.FromMinutes(12.2)), MinutesText.Of(TimeSpan.FromSeconds(-1))));
        Assert.Equal($"single: target ±3 % (the headline's half-width), at least 5 rounds and at most 50; the budget holds about {extra} extra rounds of it " +
                     $"(a round about {MinutesText.Of(round)}); expected: known after the minimum rounds.", known[1]);
        Assert.Equal("other: no target, a fixed count of 5 rounds.", known[2]);
        Assert.EndsWith("expected: at the spread of run 20261203T082438Z-280e478 (±5.1 % from 5 pairs), about 14 rounds.", forecast[1]);
    }

    [Fact]
    public void A_target_not_applied_says_why_and_no_target_says_nothing()
    {
        var lines = PrecisionPlanText.Lines(Plan(null, null, 2), new DurationEstimate(), null);

        Assert.Contains("single: target ±3 % not applied: --repetitions 2 is below the 3 minimum rounds the rule needs: a fixed count of 2 round(s).", lines);
        Assert.Empty(PrecisionPlanText.Lines(Plan(0, null, 5), new DurationEstimate(), null));
    }
}
