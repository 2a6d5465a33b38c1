using System.Reflection;
using System.Xml.Linq;
using Mono.Cecil;
using Testbed.Tests.Architecture;

namespace Testbed.Analysis.Tests.Architecture;

/// <summary>
/// The projects of src/Analysis, checked on the built assemblies and on the project files: a reference
/// that points up, one to the trainer, Docker or the orchestration, a namespace cycle or a project above 3,000
/// lines fails here.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class AnalysisProjectsTests
{
    private const int MaxLines = 3000;

    [Fact]
    public void Every_analysis_project_has_its_place_in_the_order()
    {
        var projects = ProjectFiles().Select(f => "Testbed." + Path.GetFileNameWithoutExtension(f)).Order();
        Assert.Equal(AnalysisProjects.Rank.Keys.Order(), projects);
    }

    [Fact]
    public void An_assembly_uses_only_projects_of_a_lower_rank_and_nothing_forbidden()
    {
        var uses = AnalysisProjects.Rank.Keys
            .SelectMany(name => Assembly.Load(new AssemblyName(name)).GetReferencedAssemblies().Select(r => (name, r.Name ?? "")));
        var wrong = AnalysisProjects.Wrong(uses);
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Fact]
    public void A_project_file_references_only_projects_of_a_lower_rank_and_no_forbidden_package()
    {
        var uses = new List<(string, string)>();
        foreach (var file in ProjectFiles().Append(Path.Combine(AnalysisRoot(), "Directory.Build.props")))
        {
            var document = XDocument.Load(file);
            var user = Path.GetExtension(file) == ".props" ? null : "Testbed." + Path.GetFileNameWithoutExtension(file);
            var used = document.Descendants("ProjectReference")
                .Select(p => "Testbed." + Path.GetFileNameWithoutExtension(((string?)p.Attribute("Include") ?? "").Replace('\\', '/')))
                .Concat(document.Descendants("PackageReference").Select(p => (string?)p.Attribute("Include") ?? ""));
            // What Directory.Build.props brings, every project gets: checked as if the lowest one used it.
            uses.AddRange(used.Select(u => (user ?? "Testbed.Analysis.Core", u)));
        }
        var wrong = AnalysisProjects.Wrong(uses);
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    /// <summary>Read from the built assemblies, the way the orchestration's layers are checked (tests/Architecture).</summary>
    [Fact]
    public void No_namespace_cycle_inside_or_across_the_analysis_projects()
    {
        var modules = AnalysisProjects.Rank.Keys.Select(name => ModuleDefinition.ReadModule(Path.Combine(AppContext.BaseDirectory, name + ".dll")));
        var cycles = NamespaceCycles.In(modules, ns => NamespaceCycles.Under(ns, "Testbed.Analysis"));
        Assert.True(cycles.Count == 0, "Namespaces that depend on each other:\n" + string.Join('\n', cycles));
    }

    [Fact]
    public void A_reference_that_points_up_or_to_the_trainer_is_reported()
    {
        Assert.Empty(AnalysisProjects.Wrong([("Testbed.Analysis.Reports", "Testbed.Analysis.Core"), ("Testbed.Analysis.Core", "Testbed.Runs")]));
        Assert.Single(AnalysisProjects.Wrong([("Testbed.Analysis.Core", "Testbed.Analysis.Summary")]));
        Assert.Single(AnalysisProjects.Wrong([("Testbed.Analysis.Views", "Testbed.Analysis.Views")]));
        Assert.Single(AnalysisProjects.Wrong([("Testbed.Analysis.Model", "TorchSharp")]));
        Assert.Single(AnalysisProjects.Wrong([("Testbed.Analysis.Reports", "Testbed.Orchestration.Core")]));
    }

    [Fact]
    public void No_analysis_project_above_3000_lines()
    {
        var sizes = ProjectFiles().Select(f => Path.GetDirectoryName(f)!)
            .Select(d => (Project: Path.GetFileName(d), Lines: SourceFiles(d).Sum(f => File.ReadLines(f).Count())))
            .ToList();
        Assert.All(sizes, s => Assert.True(s.Lines <= MaxLines,
            $"src/Analysis/{s.Project} has {s.Lines} lines; split it (src/Analysis/README.md: the order)"));
    }

    [Fact]
    public void No_source_file_outside_a_project()
    {
        var loose = Directory.GetFiles(AnalysisRoot(), "*.cs", SearchOption.TopDirectoryOnly);
        Assert.Empty(loose);
    }

    private static IEnumerable<string> ProjectFiles() =>
        Directory.GetFiles(AnalysisRoot(), "*.csproj", SearchOption.AllDirectories).Order();

    private static IEnumerable<string> SourceFiles(string directory) =>
        Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    private static string AnalysisRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Testbed.slnx"))) return Path.Combine(d.FullName, "src", "Analysis");
        throw new InvalidOperationException($"No Testbed.slnx above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}
