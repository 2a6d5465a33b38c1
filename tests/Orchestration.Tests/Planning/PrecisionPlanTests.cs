using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Tests.Planning;

[Trait("Tier", "Unit")]
public sealed class PrecisionPlanTests
{
    private static Experiment Scenario(string name, double? precision, double? budget) =>
        RunPlanTests.Scenario(name) with { Precision = precision, TimeBudgetMinutes = budget };

    [Fact]
    public void The_budget_is_the_sum_of_the_experiments_unless_time_budget_is_given()
    {
        Experiment[] experiments = [Scenario("single", 3, 30), Scenario("dual", 3, 45)];
        var errors = new List<ValidationError>();

        var summed = PrecisionPlan.Create(experiments, precision: null, budgetMinutes: null, minimumRounds: 5, errors);
        var given = PrecisionPlan.Create(experiments, precision: null, budgetMinutes: 20, minimumRounds: 5, errors);

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromMinutes(75), summed.Budget);
        Assert.Equal("the experiments' timeBudgetMinutes (single 30 + dual 45)", summed.BudgetSource);
        Assert.Equal(TimeSpan.FromMinutes(20), given.Budget);
        Assert.Equal("--time-budget 20", given.BudgetSource);
        Assert.True(summed.Active);
        Assert.Equal(5, summed.MinimumRounds);
    }

    [Fact]
    public void Precision_overrides_every_experiment_s_target_and_0_turns_targets_off()
    {
        Experiment[] experiments = [Scenario("single", 3, 30), Scenario("dual", null, null)];

        var overridden = PrecisionPlan.Create(experiments, precision: 2, budgetMinutes: null, minimumRounds: 5, []);
        var off = PrecisionPlan.Create(experiments, precision: 0, budgetMinutes: null, minimumRounds: 5, []);

        Assert.Equal([2.0, 2.0], overridden.Scenarios.Select(s => s.TargetPercent!.Value));
        Assert.All(off.Scenarios, s => Assert.Null(s.TargetPercent));
        Assert.False(off.Active);
    }

    [Fact]
    public void A_target_without_any_budget_is_an_error_naming_where_the_target_came_from()
    {
        var fromFile = new List<ValidationError>();
        var fromParameter = new List<ValidationError>();

        PrecisionPlan.Create([Scenario("single", 3, null)], precision: null, budgetMinutes: null, minimumRounds: 5, fromFile);
        PrecisionPlan.Create([Scenario("single", null, null)], precision: 4, budgetMinutes: null, minimumRounds: 5, fromParameter);

        var error = Assert.Single(fromFile);
        Assert.Equal("experiments/single.json: precision is 3; expected a time budget as well: set timeBudgetMinutes in experiments/single.json " +
            "or pass --time-budget <minutes>; or --precision 0 for a fixed count of --repetitions rounds.", error.ToString());
        Assert.StartsWith("--precision: value is 4; expected a time budget as well", Assert.Single(fromParameter).ToString());
    }

    [Fact]
    public void Fewer_than_three_minimum_rounds_keep_a_fixed_count_and_say_why()
    {
        var plan = PrecisionPlan.Create([Scenario("single", 3, 30)], precision: null, budgetMinutes: null, minimumRounds: 2, []);

        var target = plan.For("single");
        Assert.False(target.Applied);
        Assert.Equal(3, target.TargetPercent);
        Assert.Equal("--repetitions 2 is below the 3 minimum rounds the rule needs: a fixed count of 2 round(s)", target.NotApplied);
    }
}
