using Mono.Cecil;
using Testbed.Tests.Architecture;

namespace Testbed.Runs.Tests;

/// <summary>
/// The shared contracts (Runs: the run folder; Records: the worker's records and checkpoints) have no
/// namespace cycle, as the orchestration's, the analysis's and the trainer's projects are checked
/// (BuildKit and build/ hold one namespace each, so none can arise there).
/// </summary>
[Trait("Tier", "Unit")]
public sealed class ContractNamespacesTests
{
    [Fact]
    public void No_namespace_cycle_inside_or_across_the_contract_projects()
    {
        var modules = new[] { "Testbed.Runs", "Testbed.Records" }
            .Select(name => ModuleDefinition.ReadModule(Path.Combine(AppContext.BaseDirectory, name + ".dll")));

        var cycles = NamespaceCycles.In(modules, ns => NamespaceCycles.Under(ns, "Testbed.Runs") || NamespaceCycles.Under(ns, "Testbed.Records"));

        Assert.True(cycles.Count == 0, "Namespaces that depend on each other:\n" + string.Join('\n', cycles));
    }

    [Fact]
    public void The_check_sees_the_namespaces_of_both_projects() =>
        // A check that read nothing would pass: the modules hold the namespaces it is meant to judge.
        Assert.Superset(new HashSet<string> { "Testbed.Runs", "Testbed.Records", "Testbed.Records.Checkpoints" },
            new[] { "Testbed.Runs", "Testbed.Records" }
                .SelectMany(name => ModuleDefinition.ReadModule(Path.Combine(AppContext.BaseDirectory, name + ".dll")).Types)
                .Select(t => t.Namespace).ToHashSet());
}
