using System.Xml.Linq;
using Mono.Cecil;
using Testbed.Tests.Architecture;

namespace Testbed.Orchestration.Tests.Architecture;

/// <summary>
/// The trainer's projects (src/Trainer/README.md), checked on their project files: the executable
/// above the training above the ring, each using only the ones below it; the ring free of
/// TorchSharp, so it loads anywhere; nothing outside the trainer referencing it; no namespace cycle;
/// none above 3,000 lines. Their tests load TorchSharp and run on the rootfs, so the rules live here,
/// in the unit tier.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class TrainerProjectsTests
{
    /// <summary>Each trainer project's rank: a project may reference only trainer projects of a lower rank.</summary>
    public static readonly IReadOnlyDictionary<string, int> Rank = new Dictionary<string, int>
    {
        ["Trainer.Distributed"] = 0,
        ["Trainer.Training"] = 1,
        ["Trainer"] = 2,
    };

    /// <summary>The projects that may reference TorchSharp: the ring below them may not.</summary>
    public static readonly string[] WithTorchSharp = ["Trainer", "Trainer.Training"];

    /// <summary>The only packages the ring may use: what .NET itself ships as a package.</summary>
    private static readonly string[] RingPackages = ["System.Numerics.Tensors"];

    public static bool IsTrainer(string project) => project == "Trainer" || project.StartsWith("Trainer.", StringComparison.Ordinal);

    [Fact]
    public void Every_trainer_project_has_its_rank()
    {
        Assert.Equal(Rank.Keys.Order(), ProjectFiles().Select(p => p.Name).Where(IsTrainer).Order());
    }

    [Fact]
    public void Trainer_projects_reference_only_lower_ones_and_nothing_else_references_them()
    {
        var wrong = new List<string>();
        foreach (var (name, file, _, projects) in ProjectFiles())
        {
            foreach (var used in projects.Where(IsTrainer))
            {
                if (!IsTrainer(name))
                    wrong.Add($"{file} references {used}; outside the trainer only its command line and records may be used");
                else if (Rank.TryGetValue(used, out var usedRank) && Rank.TryGetValue(name, out var rank) && usedRank >= rank)
                    wrong.Add($"{file} references {used}, which is not below it (Trainer -> Trainer.Training -> Trainer.Distributed)");
            }
        }
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Fact]
    public void The_ring_uses_no_project_and_no_package_but_dotnet_s_own()
    {
        var ring = ProjectFiles().Single(p => p.Name == "Trainer.Distributed");
        Assert.True(ring.Projects.Count == 0, $"{ring.File} references {string.Join(", ", ring.Projects)}; the ring stands alone");
        var foreign = ring.Packages.Except(RingPackages).ToList();
        Assert.True(foreign.Count == 0, $"{ring.File} references {string.Join(", ", foreign)}; the ring stays free of TorchSharp and other packages");
    }

    /// <summary>
    /// Read from the trainer's assemblies, as the orchestration's cycle test reads its layers: the build copies
    /// them to trainer/ without referencing them (Orchestration.Tests.csproj), so TorchSharp never loads here.
    /// </summary>
    [Fact]
    public void No_namespace_cycle_inside_or_across_the_trainer_projects()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "trainer"), "*.dll").Order().ToList();
        Assert.Equal(Rank.Count, files.Count);
        var cycles = NamespaceCycles.In(files.Select(f => ModuleDefinition.ReadModule(f)), ns => NamespaceCycles.Under(ns, "Testbed.Trainer"));
        Assert.True(cycles.Count == 0, "Namespaces that depend on each other:\n" + string.Join('\n', cycles));
    }

    [Fact]
    public void No_trainer_project_above_3000_lines()
    {
        var src = Path.Combine(ArchitectureTests.RepositoryRoot(), "src");
        var sizes = Rank.Keys
            .Select(p => (Project: p, Lines: ArchitectureTests.SourceFiles(Path.Combine(src, p)).Sum(f => File.ReadLines(f).Count())))
            .ToList();
        Assert.All(sizes, s => Assert.True(s.Lines <= 3000, $"src/{s.Project} has {s.Lines} lines; split it (src/Trainer/README.md)"));
    }

    private static List<(string Name, string File, List<string> Packages, List<string> Projects)> ProjectFiles()
    {
        var root = ArchitectureTests.RepositoryRoot();
        return Directory.GetFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Append(Path.Combine(root, "build", "_build.csproj"))
            .Select(file =>
            {
                var document = XDocument.Load(file);
                var packages = document.Descendants("PackageReference").Select(p => (string?)p.Attribute("Include") ?? "").ToList();
                // Project files write Windows separators, which Path does not split on Linux.
                var projects = document.Descendants("ProjectReference")
                    .Select(p => Path.GetFileNameWithoutExtension(((string?)p.Attribute("Include") ?? "").Replace('\\', '/'))).ToList();
                return (Path.GetFileNameWithoutExtension(file), Path.GetRelativePath(root, file), packages, projects);
            })
            .ToList();
    }
}
