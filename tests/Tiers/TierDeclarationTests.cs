using System.Reflection;

namespace Testbed.Tests.Tiers;

/// <summary>
/// The unit tier is safe by construction: `./build.sh Test --tier unit` runs only classes that say
/// [Trait("Tier", "Unit")], so a class that says nothing never runs there, whatever it touches; and
/// this test (compiled into every test project that has unit tests, and itself a unit test) fails
/// when a class with tests declares no tier, or both, naming it. An integration class that forgets
/// its trait therefore fails the unit tier instead of running in it.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class TierDeclarationTests
{
    private static readonly string[] Tiers = ["Unit", "Integration"];

    [Fact]
    public void Every_test_class_declares_exactly_one_tier()
    {
        var wrong = typeof(TierDeclarationTests).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                .Any(m => m.IsDefined(typeof(FactAttribute), inherit: true)))
            .Select(t => (Type: t, Declared: DeclaredTiers(t)))
            .Where(c => c.Declared.Count != 1 || !Tiers.Contains(c.Declared[0]))
            .Select(c => $"{c.Type.FullName}: {(c.Declared.Count == 0 ? "no tier" : string.Join(", ", c.Declared))}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(wrong.Count == 0,
            "Each test class needs exactly one of [Trait(\"Tier\", \"Unit\")] (no Docker, chromium, rootfs, SSH, network or the build as a process) "
            + "or [Trait(\"Tier\", \"Integration\")] on the class itself:\n" + string.Join("\n", wrong));
    }

    /// <summary>The Tier traits on the class itself (a nested class declares its own).</summary>
    private static List<string> DeclaredTiers(Type type) => [.. type.GetCustomAttributesData()
        .Where(a => a.AttributeType == typeof(TraitAttribute) && a.ConstructorArguments.Count == 2 && (string?)a.ConstructorArguments[0].Value == "Tier")
        .Select(a => (string?)a.ConstructorArguments[1].Value ?? "")];
}
