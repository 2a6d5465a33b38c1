using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Tests.Rootfs;

public class RootfsRecipeTests
{
    [Fact]
    public void The_hash_ignores_package_order_but_not_package_choice()
    {
        var recipe = RootfsRecipe.Default;
        var reordered = recipe with { Packages = recipe.Packages.Reverse().ToList() };
        var extended = recipe with { Packages = [.. recipe.Packages, "curl"] };

        Assert.Equal(recipe.Hash, reordered.Hash);
        Assert.NotEqual(recipe.Hash, extended.Hash);
        Assert.Matches("^[0-9a-f]{12}$", recipe.Hash);
    }

    [Fact]
    public void The_default_recipe_brings_the_data_set_and_the_tools_the_pipeline_uses()
    {
        Assert.Equal("trixie", RootfsRecipe.Default.Suite);
        Assert.Contains("dataset-fashion-mnist", RootfsRecipe.Default.Packages);
        Assert.Contains("iperf3", RootfsRecipe.Default.Packages);
        Assert.Contains("procps", RootfsRecipe.Default.Packages);
        Assert.Contains("ca-certificates", RootfsRecipe.Default.Packages);
    }
}
