namespace Testbed.Orchestration.Testing;

/// <summary>
/// Which tests Test runs: every one (the CI command), or the unit tier alone. An integration test
/// needs Docker, chromium, the runtime rootfs, SSH, virtual nodes or a network; its class carries
/// [Trait("Tier", "Integration")], and the TorchSharp projects (they run on the rootfs) are
/// integration as a whole. A unit test's class carries [Trait("Tier", "Unit")], and the unit tier
/// runs only those: a class that declares nothing never runs there (and tests/Tiers fails naming it),
/// so an integration class that forgets its trait cannot slip into the unit tier.
/// </summary>
public static class TestTier
{
    public const string All = "all";
    public const string Unit = "unit";

    /// <summary>The trait an integration test class carries: [Trait(TestTier.Trait, TestTier.Integration)].</summary>
    public const string Trait = "Tier";
    public const string Integration = "Integration";

    /// <summary>The trait value a unit test class carries: [Trait(TestTier.Trait, TestTier.UnitClass)].</summary>
    public const string UnitClass = "Unit";

    /// <exception cref="ArgumentException">Not a tier (the message names the value and the tiers).</exception>
    public static void Check(string tier)
    {
        if (tier is not (All or Unit))
        {
            throw new ArgumentException($"--tier '{tier}': expected {All} (every test, the CI command) " +
                $"or {Unit} (the unit tests alone: no Docker, chromium, rootfs, SSH or network).");
        }
    }

    /// <summary>The projects the tier runs out of <paramref name="selected"/>.</summary>
    public static IReadOnlyList<string> Projects(string tier, IReadOnlyList<string> selected) =>
        tier == Unit ? [.. selected.Except(TestSuite.RootfsProjects)] : selected;

    /// <summary>The `dotnet test --filter` for the tier and the person's own filter ("" for none).</summary>
    public static string Filter(string tier, string filter) =>
        tier != Unit ? filter
            : filter.Length == 0 ? $"{Trait}={UnitClass}"
            : $"({filter})&{Trait}={UnitClass}";
}
