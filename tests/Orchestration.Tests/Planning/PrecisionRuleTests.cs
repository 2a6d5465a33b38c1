using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Tests.Planning;

/// <summary>The rule that adds rounds after the minimum ones: pure, so every case is a line.</summary>
[Trait("Tier", "Unit")]
public sealed class PrecisionRuleTests
{
    private static readonly ScenarioTarget Three = new("s", 3);
    private static readonly ScenarioTarget None = new("s", null);

    /// <summary>A reading with <paramref name="pairs"/> pairs, one in each round from 0, and the half-width given.</summary>
    private static HeadlinePrecision Reading(double? halfWidth, int pairs = 5, int? needed = 9) =>
        new("s", pairs, [.. Enumerable.Range(0, pairs)], 1.1, null, null, halfWidth, needed);

    /// <summary><paramref name="rounds"/> rounds of 3 minutes each.</summary>
    private static RoundHistory Rounds(int rounds) => new(rounds, [.. Enumerable.Repeat(180.0, rounds)]);

    private static PrecisionDecision Decide(ScenarioTarget target, HeadlinePrecision? reading, int rounds, double? budgetLeftMinutes,
        int limit = PrecisionPlan.RoundLimit) =>
        PrecisionRule.Decide(target, reading, Rounds(rounds), budgetLeftMinutes is { } m ? TimeSpan.FromMinutes(m) : null, limit);

    [Fact]
    public void Neither_target_nor_budget_is_a_fixed_count()
    {
        var decision = Decide(None, Reading(4.1), rounds: 5, budgetLeftMinutes: null);

        Assert.Equal(PrecisionStop.Fixed, decision.Stop);
        Assert.Equal("s: ±4.1 % after 5 pairs, no target: a fixed count of 5 rounds", decision.Describe());
    }

    [Fact]
    public void A_budget_without_a_target_adds_nothing()
    {
        Assert.Equal(PrecisionStop.Fixed, Decide(None, Reading(4.1), rounds: 5, budgetLeftMinutes: 60).Stop);
    }

    [Fact]
    public void A_target_without_a_budget_adds_rounds_until_it_is_met_or_the_limit()
    {
        Assert.True(Decide(Three, Reading(4.1), rounds: 5, budgetLeftMinutes: null).AddRound);
        Assert.Equal(PrecisionStop.Met, Decide(Three, Reading(2.9), rounds: 6, budgetLeftMinutes: null).Stop);
        Assert.Equal(PrecisionStop.Limit, Decide(Three, Reading(4.1, pairs: 50), rounds: 50, budgetLeftMinutes: null).Stop);
    }

    [Fact]
    public void With_both_a_round_is_added_while_the_target_is_missed_and_the_budget_holds_one()
    {
        var more = Decide(Three, Reading(4.1), rounds: 5, budgetLeftMinutes: 31);
        Assert.True(more.AddRound);
        Assert.Equal("s: ±4.1 % after 5 pairs, target ±3 %: one more round (31 min of the budget left, a round takes about 3.0 min)", more.Describe());

        // Exactly a round left still holds one; a second less does not.
        Assert.True(Decide(Three, Reading(4.1), rounds: 5, budgetLeftMinutes: 3).AddRound);
        var spent = Decide(Three, Reading(4.1), rounds: 5, budgetLeftMinutes: 3 - 1.0 / 60);
        Assert.Equal(PrecisionStop.Budget, spent.Stop);
        Assert.Contains("stop, the budget would not hold another round", spent.Describe());
        Assert.Contains("about 9 rounds would reach it at this spread", spent.Describe());

        // A target met stops even when the budget is gone; the half-width equal to the target is met.
        Assert.Equal(PrecisionStop.Met, Decide(Three, Reading(3.0), rounds: 5, budgetLeftMinutes: -5).Stop);
    }

    [Fact]
    public void The_next_round_is_predicted_from_the_scenario_s_own_rounds_so_far()
    {
        var history = new RoundHistory(5, [170, 175, 180, 185, 190]);

        Assert.Equal(TimeSpan.FromSeconds(180), history.NextRound);
        Assert.True(PrecisionRule.Decide(Three, Reading(4.1), history, TimeSpan.FromSeconds(180)).AddRound);
        Assert.Equal(PrecisionStop.Budget, PrecisionRule.Decide(Three, Reading(4.1), history, TimeSpan.FromSeconds(179)).Stop);
    }

    [Fact]
    public void No_new_pair_in_the_last_two_rounds_is_failing()
    {
        // Rounds 0-4 paired, rounds 5 and 6 failed.
        var reading = Reading(4.1, pairs: 5);

        Assert.True(Decide(Three, reading, rounds: 6, budgetLeftMinutes: 60).AddRound);
        var failing = Decide(Three, reading, rounds: 7, budgetLeftMinutes: 60);
        Assert.Equal(PrecisionStop.Failing, failing.Stop);
        Assert.Contains("no new pair in the last 2 rounds", failing.Describe());
        // Without any reading (the folder could not be read) the rule sees no pair either.
        Assert.Equal(PrecisionStop.Failing, Decide(Three, null, rounds: 5, budgetLeftMinutes: 60).Stop);
    }

    [Fact]
    public void The_limit_stops_a_scenario_whatever_the_budget()
    {
        var limit = Decide(Three, Reading(4.1, pairs: 8), rounds: 8, budgetLeftMinutes: 600, limit: 8);

        Assert.Equal(PrecisionStop.Limit, limit.Stop);
        Assert.Contains("stop at the limit of 8 rounds", limit.Describe());
    }

    [Fact]
    public void Below_two_pairs_there_is_no_interval_and_so_no_met()
    {
        var decision = Decide(Three, Reading(null, pairs: 1, needed: null) with { PairedRounds = [4] }, rounds: 5, budgetLeftMinutes: 60);

        Assert.True(decision.AddRound);
        Assert.StartsWith("s: no interval yet (1 pair), target ±3 %: one more round", decision.Describe());
    }

    [Fact]
    public void A_target_not_applied_is_a_fixed_count_and_says_why()
    {
        var plan = PrecisionPlan.Create([RunPlanTests.Scenario() with { Precision = 3, TimeBudgetMinutes = 30 }], null, null, minimumRounds: 2, []);
        var decision = PrecisionRule.Decide(plan.For("s"), Reading(9.0, pairs: 2), Rounds(2), TimeSpan.FromMinutes(20));

        Assert.False(plan.Active);
        Assert.Equal(PrecisionStop.Fixed, decision.Stop);
        Assert.Contains("not applied (--repetitions 2 is below the 3 minimum rounds the rule needs", decision.Describe());
    }
}
