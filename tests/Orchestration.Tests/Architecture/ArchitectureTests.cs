using System.Xml.Linq;
using Mono.Cecil;
using Testbed.Tests.Architecture;

namespace Testbed.Orchestration.Tests.Architecture;

/// <summary>
/// The layers of src/Orchestration, checked on the built assemblies and the project files: a
/// dependency that points up, a library outside its layer or a namespace cycle fails here, with
/// the type that crosses the line. (Checked failing on a deliberate wrong reference: see the
/// commit that added it.)
/// </summary>
[Trait("Tier", "Unit")]
public sealed class ArchitectureTests
{
    private static readonly Lazy<IReadOnlyList<ModuleDefinition>> Modules = new(() =>
        Directory.GetFiles(AppContext.BaseDirectory, "Testbed.Orchestration.*.dll")
            .Where(f => Path.GetFileName(f) != "Testbed.Orchestration.Tests.dll")
            .Select(f => ModuleDefinition.ReadModule(f))
            .ToList());

    internal static IReadOnlyList<ModuleDefinition> LayerModules => Modules.Value;

    [Fact]
    public void Every_layer_project_has_its_place_in_the_diagram()
    {
        Assert.Equal(Layers.Rank.Keys.Order(), Modules.Value.Select(m => m.Assembly.Name.Name).Order());
    }

    [Fact]
    public void A_layer_uses_only_layers_of_a_lower_rank()
    {
        var wrong = Modules.Value.SelectMany(m => m.AssemblyReferences
                .Where(r => Layers.Rank.ContainsKey(r.Name) && Layers.Rank[r.Name] >= Layers.Rank[m.Assembly.Name.Name])
                .Select(r => $"{m.Assembly.Name.Name} uses {r.Name}: {Example(m, r.Name)}"))
            .ToList();
        Assert.True(wrong.Count == 0, "Dependencies that point up or sideways:\n" + string.Join('\n', wrong));
    }

    /// <summary>
    /// The same order in the project files: the compiler drops a reference nothing uses, so an upward
    /// or sideways ProjectReference would pass the test above until the first type crossed it.
    /// </summary>
    [Fact]
    public void A_layer_project_references_only_layers_of_a_lower_rank()
    {
        var root = Path.Combine(RepositoryRoot(), "src", "Orchestration");
        var wrong = new List<string>();
        foreach (var file in Directory.GetFiles(root, "Orchestration.*.csproj", SearchOption.AllDirectories))
        {
            var layer = "Testbed." + Path.GetFileNameWithoutExtension(file);
            if (!Layers.Rank.TryGetValue(layer, out var rank))
            {
                wrong.Add($"{Path.GetRelativePath(root, file)} is no layer of the diagram (Layers.Rank)");
                continue;
            }
            foreach (var reference in XDocument.Load(file).Descendants("ProjectReference"))
            {
                var used = "Testbed." + ProjectName(reference);
                if (Layers.Rank.TryGetValue(used, out var usedRank) && usedRank >= rank)
                    wrong.Add($"{Path.GetRelativePath(root, file)} references {used} (rank {usedRank}, its own {rank})");
            }
        }
        Assert.True(wrong.Count == 0, "Project references that point up or sideways:\n" + string.Join('\n', wrong));
    }

    [Fact]
    public void Docker_DotNet_Spectre_Console_TorchSharp_the_trainer_and_the_analysis_stay_where_they_belong()
    {
        var wrong = (from m in Modules.Value
                     from r in m.AssemblyReferences
                     from rule in Layers.Confined
                     where (r.Name == rule.Library || r.Name.StartsWith(rule.Library + ".", StringComparison.Ordinal))
                           && !rule.Allowed.Contains(m.Assembly.Name.Name)
                     select $"{m.Assembly.Name.Name} uses {r.Name}: {Example(m, r.Name)}").ToList();
        Assert.True(wrong.Count == 0, "Libraries outside their layer:\n" + string.Join('\n', wrong));
    }

    [Fact]
    public void No_namespace_cycle_inside_or_across_the_layers()
    {
        var cycles = NamespaceCycles.In(Modules.Value, ns => NamespaceCycles.Under(ns, "Testbed.Orchestration"));
        Assert.True(cycles.Count == 0, "Namespaces that depend on each other:\n" + string.Join('\n', cycles));
    }

    [Fact]
    public void Project_files_keep_the_libraries_and_the_trainer_in_their_place()
    {
        var root = RepositoryRoot();
        var wrong = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(root, "src"), "*.csproj",
            SearchOption.AllDirectories).Append(Path.Combine(root, "build", "_build.csproj")))
        {
            var project = Path.GetFileNameWithoutExtension(file);
            var document = XDocument.Load(file);
            var packages = document.Descendants("PackageReference").Select(p => (string?)p.Attribute("Include") ?? "").ToList();
            var projects = document.Descendants("ProjectReference").Select(ProjectName).ToList();
            void Only(string package, params string[] allowed)
            {
                if (packages.Any(p => p.StartsWith(package, StringComparison.Ordinal)) && !allowed.Contains(project))
                {
                    wrong.Add($"{Path.GetRelativePath(root, file)} references {package}; only " +
                        $"{(allowed.Length == 0 ? "nothing" : string.Join(", ", allowed))} may");
                }
            }
            Only("Docker.DotNet", "Orchestration.Docker");
            Only("TorchSharp", TrainerProjectsTests.WithTorchSharp);
            Only("Spectre.Console", "Orchestration.Console", "BuildKit", "_build");
            if ((project.StartsWith("Orchestration", StringComparison.Ordinal) || project.StartsWith("Analysis", StringComparison.Ordinal))
                && projects.Any(TrainerProjectsTests.IsTrainer))
            {
                wrong.Add($"{Path.GetRelativePath(root, file)} references the Trainer; Orchestration " +
                    $"and Analysis talk to it only through its command line and the run folder");
            }
            if (project.StartsWith("Orchestration", StringComparison.Ordinal) && projects.Any(p => p.StartsWith("Analysis", StringComparison.Ordinal)))
                wrong.Add($"{Path.GetRelativePath(root, file)} references Analysis; the build project wires the two together");
        }
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Fact]
    public void No_layer_above_3000_lines()
    {
        var root = Path.Combine(RepositoryRoot(), "src", "Orchestration");
        var sizes = Directory.GetDirectories(root)
            .Select(d => (Layer: Path.GetFileName(d), Lines: SourceFiles(d).Sum(f => File.ReadLines(f).Count())))
            .ToList();
        Assert.All(sizes, s => Assert.True(s.Lines <= 3000, $"src/Orchestration/{s.Layer} has {s.Lines} lines; split it (README.md: layers)"));
    }

    /// <summary>The project a ProjectReference names; its path is written with backslashes, which are no separator on Linux.</summary>
    internal static string ProjectName(XElement reference) =>
        Path.GetFileNameWithoutExtension(((string?)reference.Attribute("Include") ?? "").Replace('\\', '/'));

    internal static IEnumerable<string> SourceFiles(string directory) =>
        Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    private static string Example(ModuleDefinition module, string assembly) =>
        TypeUses.Of(module).SelectMany(u => TypeUses.Expand(u.Used).Select(t => (u.User, Used: t)))
            .Where(u => TypeUses.AssemblyOf(u.Used, module) == assembly)
            .Select(u => $"{u.User.FullName} uses {u.Used.FullName}").FirstOrDefault() ?? "(an attribute or type forward)";

    internal static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Testbed.slnx"))) return d.FullName;
        throw new InvalidOperationException($"No Testbed.slnx above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}
