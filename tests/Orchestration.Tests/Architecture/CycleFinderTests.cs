using Testbed.Tests.Architecture;

namespace Testbed.Orchestration.Tests.Architecture;

/// <summary>The cycle search the architecture test relies on: it must see a cycle, and only a cycle.</summary>
[Trait("Tier", "Unit")]
public sealed class CycleFinderTests
{
    [Fact]
    public void A_cycle_through_three_namespaces_is_found_once_as_its_shortest_path()
    {
        var cycles = NamespaceCycles.Cycles([("A", "B"), ("B", "C"), ("C", "A"), ("C", "D"), ("A", "D")]);

        Assert.Equal(["A", "B", "C"], Assert.Single(cycles));
    }

    [Fact]
    public void Layers_that_point_one_way_have_no_cycle()
    {
        Assert.Empty(NamespaceCycles.Cycles([("Runner", "Modes"), ("Modes", "Nodes"), ("Runner", "Nodes"), ("Nodes", "Core")]));
    }
}
