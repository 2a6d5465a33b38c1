namespace Testbed.BuildKit.Tests;

[Trait("Tier", "Unit")]
public class TargetGraphTests
{
    private static IReadOnlyList<string> Plan(params string[] targets) =>
        TargetGraph.From(new DiamondBuild()).Plan(targets).Select(t => t.Name).ToList();

    [Fact]
    public void Plan_puts_dependencies_before_the_target_and_runs_each_once()
    {
        Assert.Equal(["A", "B", "C", "D"], Plan("D"));
    }

    [Fact]
    public void Plan_keeps_the_requested_order_where_dependencies_allow()
    {
        Assert.Equal(["A", "C", "B"], Plan("C", "B"));
    }

    [Fact]
    public void After_orders_without_pulling_the_other_target_in()
    {
        Assert.Equal(["E"], Plan("E"));
        Assert.Equal(["A", "C", "E"], Plan("E", "C"));
    }

    [Fact]
    public void Target_names_match_without_case()
    {
        Assert.Equal(["A", "B"], Plan("b"));
    }

    [Fact]
    public void Unknown_target_is_rejected_with_the_valid_ones_listed()
    {
        var error = Assert.Throws<UsageException>(() => Plan("Deploy"));
        Assert.Contains("Unknown target 'Deploy'", error.Message);
        Assert.Contains("A, B, C, D, E", error.Message);
    }

    [Fact]
    public void A_cycle_is_rejected_naming_the_targets_in_it()
    {
        var error = Assert.Throws<UsageException>(() => TargetGraph.From(new CyclicBuild()));
        Assert.Contains("X -> Y -> Z -> X", error.Message);
    }
}
