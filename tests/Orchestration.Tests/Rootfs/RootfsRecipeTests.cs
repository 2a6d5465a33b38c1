using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Tests.Rootfs;

[Trait("Tier", "Unit")]
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

    [Fact]
    public void The_pytorch_recipe_is_a_rootfs_of_its_own_and_leaves_the_torchsharp_one_lean()
    {
        var pytorch = RootfsRecipe.PyTorch;
        Assert.NotEqual(RootfsRecipe.Default.Hash, pytorch.Hash);
        Assert.Equal(RootfsRecipe.Default.Suite, pytorch.Suite);
        Assert.Equal(RootfsRecipe.Default.UserId, pytorch.UserId);
        Assert.Contains("python3-torch", pytorch.Packages);
        Assert.Contains("dataset-fashion-mnist", pytorch.Packages);
        Assert.DoesNotContain(RootfsRecipe.Default.Packages, p => p.StartsWith("python3", StringComparison.Ordinal));
    }

    [Fact]
    public void The_expected_build_time_is_said_but_is_not_part_of_the_identity()
    {
        var recipe = RootfsRecipe.PyTorch;
        Assert.Equal(recipe.Hash, (recipe with { ExpectedBuildTime = "an hour" }).Hash);
        Assert.DoesNotContain("ExpectedBuildTime", System.Text.Json.JsonSerializer.Serialize(recipe));
    }

    [Fact]
    public void Pruning_is_part_of_the_identity_only_when_a_recipe_prunes()
    {
        var recipe = RootfsRecipe.Default;
        Assert.Empty(recipe.Prune);
        // The TorchSharp rootfs keeps the hash it had before pruning existed: no rebuild, no new images.
        Assert.Equal(recipe.Hash, (recipe with { Prune = [] }).Hash);
        Assert.NotEqual(recipe.Hash, (recipe with { Prune = ["usr/share/doc"] }).Hash);
        Assert.Equal((recipe with { Prune = ["a", "b"] }).Hash, (recipe with { Prune = ["b", "a"] }).Hash);
        Assert.Contains("usr/lib/libtorch-test", RootfsRecipe.PyTorch.Prune);
    }

    [Theory]
    [InlineData("/usr/share/doc")]
    [InlineData("../etc")]
    [InlineData("usr/../..")]
    [InlineData(".")]
    public void A_pruned_folder_must_lie_inside_the_root(string folder)
    {
        var error = Assert.Throws<ArgumentException>(() => RootfsBuilder.PrunedPath("/cache/rootfs/abc/root", folder));
        Assert.Contains($"'{folder}'", error.Message);
    }

    [Fact]
    public void A_pruned_folder_inside_the_root_is_found_there() =>
        Assert.Equal("/cache/rootfs/abc/root/usr/share/doc", RootfsBuilder.PrunedPath("/cache/rootfs/abc/root", "usr/share/doc"));
}
