using Testbed.Orchestration.Testing;

namespace Testbed.Orchestration.Tests.Testing;

[Trait("Tier", "Unit")]
public sealed class TestTierTests
{
    [Fact]
    public void The_unit_tier_runs_only_classes_that_declare_it_and_leaves_out_the_rootfs_projects()
    {
        // Tier=Unit, not Tier!=Integration: a class that declares nothing is left out, not let in.
        Assert.Equal("Tier=Unit", TestTier.Filter(TestTier.Unit, ""));
        Assert.Equal("(FullyQualifiedName~Ring)&Tier=Unit", TestTier.Filter(TestTier.Unit, "FullyQualifiedName~Ring"));
        Assert.Equal(["Analysis.Tests", "Runs.Tests"], TestTier.Projects(TestTier.Unit, ["Analysis.Tests", "Runs.Tests", "Trainer.Tests"]));
    }

    [Fact]
    public void Every_tier_changes_nothing()
    {
        Assert.Equal("FullyQualifiedName~Ring", TestTier.Filter(TestTier.All, "FullyQualifiedName~Ring"));
        Assert.Equal(["Trainer.Tests"], TestTier.Projects(TestTier.All, ["Trainer.Tests"]));
    }

    [Fact]
    public void An_unknown_tier_is_refused_naming_the_value_and_the_tiers()
    {
        var e = Assert.Throws<ArgumentException>(() => TestTier.Check("fast"));

        Assert.Equal("--tier 'fast': expected all (every test, the CI command) or unit (the unit tests alone: no Docker, chromium, rootfs, SSH or network).",
            e.Message);
    }
}
