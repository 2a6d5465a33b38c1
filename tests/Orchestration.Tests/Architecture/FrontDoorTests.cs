using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Testbed.Orchestration.Tests.Architecture;

/// <summary>
/// build/ uses each Orchestration layer through its front door only (<see cref="Layers.FrontDoors"/>):
/// every namespace of the layers it names, by a using line, a global using or a qualified name, is
/// a front door's. Read from the source, since what build/ names is the point: a value a door
/// returns may be of any type, the build only never spells it. (Checked failing on a deliberate
/// wrong reference, Orchestration.Testing.TestRun in build/: see the commit that added it.)
/// </summary>
[Trait("Tier", "Unit")]
public sealed partial class FrontDoorTests
{
    [Fact]
    public void Build_names_only_the_front_doors_of_the_orchestration_layers()
    {
        var root = ArchitectureTests.RepositoryRoot();
        var known = ArchitectureTests.LayerModules.SelectMany(m => m.Types).Select(t => t.Namespace).Where(n => n.Length > 0).ToHashSet();
        var wrong = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(root, "build"), "*.cs"))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (var name in OrchestrationNames(lines[i]))
                {
                    var ns = NamespaceOf(name, known);
                    if (!Layers.FrontDoors.ContainsKey(ns))
                        wrong.Add($"build/{Path.GetFileName(file)}:{i + 1} names {name} (namespace {ns}); use the layer's front door ({Doors})");
                }
            }
        }
        var project = XDocument.Load(Path.Combine(root, "build", "_build.csproj"));
        foreach (var include in project.Descendants("Using").Select(u => (string?)u.Attribute("Include") ?? ""))
        {
            if (include.StartsWith("Testbed.Orchestration", StringComparison.Ordinal) && !Layers.FrontDoors.ContainsKey(NamespaceOf(include, known)))
                wrong.Add($"build/_build.csproj: global using {include}; use the layer's front door ({Doors})");
        }
        Assert.True(wrong.Count == 0, "build/ reaches behind a front door:\n" + string.Join('\n', wrong));
    }

    [Fact]
    public void Every_front_door_is_in_its_layer_and_small()
    {
        foreach (var (door, layer) in Layers.FrontDoors)
        {
            var module = Assert.Single(ArchitectureTests.LayerModules, m => m.Assembly.Name.Name == layer);
            var types = module.Types.Where(t => t.Namespace == door && t.IsPublic).Select(t => t.Name).ToList();
            Assert.True(types.Count is > 0 and <= 8, $"{door} in {layer} has {types.Count} public types ({string.Join(", ", types)}); a front door is 1 to 8");
        }
    }

    [Fact]
    public void A_name_behind_a_door_is_seen_in_a_using_line_and_in_a_qualified_name()
    {
        Assert.Equal(["Testbed.Orchestration.Running"], OrchestrationNames("using Testbed.Orchestration.Running;"));
        Assert.Equal(["Orchestration.Testing.TestRun"], OrchestrationNames("    Task<Orchestration.Testing.TestRun> Check() => x; // Orchestration.Docker"));
        Assert.Empty(OrchestrationNames("Console.WriteLine(\"see Testbed.Orchestration.Docker\");"));
        Assert.Equal("Testbed.Orchestration.Testing",
            NamespaceOf("Orchestration.Testing.TestRun", new HashSet<string> { "Testbed.Orchestration", "Testbed.Orchestration.Testing" }));
    }

    private static string Doors => string.Join(", ", Layers.FrontDoors.Keys);

    /// <summary>Dotted names that start at Testbed.Orchestration or Orchestration, outside comments and string literals.</summary>
    internal static IReadOnlyList<string> OrchestrationNames(string line)
    {
        var code = StringLiteral().Replace(line, "\"\"");
        var comment = code.IndexOf("//", StringComparison.Ordinal);
        if (comment >= 0) code = code[..comment];
        return [.. QualifiedName().Matches(code).Select(m => m.Value)];
    }

    /// <summary>The longest known namespace the name starts with (Orchestration.X is Testbed.Orchestration.X from namespace Testbed.Build).</summary>
    internal static string NamespaceOf(string name, IReadOnlySet<string> known)
    {
        var full = name.StartsWith("Testbed.", StringComparison.Ordinal) ? name : "Testbed." + name;
        var parts = full.Split('.');
        for (var n = parts.Length; n > 1; n--)
        {
            var candidate = string.Join('.', parts[..n]);
            if (known.Contains(candidate)) return candidate;
        }
        return full;
    }

    [GeneratedRegex("\"(?:\\\\.|[^\"\\\\])*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"(?<![\w.])(?:global::)?(?:Testbed\.)?Orchestration(?:\.[A-Za-z_]\w*)*")]
    private static partial Regex QualifiedName();
}
