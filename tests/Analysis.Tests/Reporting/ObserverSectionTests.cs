using Testbed.Analysis.Reporting;
using Testbed.Analysis.Run;
using Testbed.Analysis.Tests.Checks;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Reporting;

[Trait("Tier", "Unit")]
public sealed class ObserverSectionTests : IDisposable
{
    private readonly TempDirectory _results = new();

    public void Dispose() => _results.Dispose();

    [Fact]
    public void A_run_that_measured_its_observer_shows_each_pair_the_cost_and_each_node_s_sampler()
    {
        var observer = new ObserverCostEntry("s", 2,
        [
            new ObserverModeCost(Mode.Native, [new ObserverPair(101, 100)], new Dictionary<string, double?> { ["node-1"] = 0.05, ["node-2"] = 0.07 }),
            new ObserverModeCost(Mode.Container, [new ObserverPair(null, 100, "exited with code 1")], new Dictionary<string, double?> { ["node-1"] = 0.06 }),
        ]);
        var document = ReportDocument.For(RunSummary.Of(new CheckRunBuilder { Observer = observer }.Load(_results.Path)));

        var section = Assert.Single(document.Sections, s => s.Title == "The observer's cost");
        var sentence = Assert.IsType<ParagraphBlock>(section.Blocks[0]).Text;
        Assert.Contains("native +1.0 %, container –", sentence);
        Assert.Contains("0.05-0.07 % of one core on each node", sentence);
        var table = Assert.IsType<TableBlock>(section.Blocks[1]).Table;
        Assert.Equal(2, table.Frame.Rows.Count);
        Assert.Equal("node-1 0.05, node-2 0.07", table.Frame.Columns["Sampler CPU per node (% of one core)"][0]);
        Assert.Equal("exited with code 1", table.Frame.Columns["Problem"][1]);
    }

    [Fact]
    public void A_run_that_did_not_measure_it_has_no_such_section()
    {
        var document = ReportDocument.For(RunSummary.Of(new CheckRunBuilder().Load(_results.Path)));

        Assert.DoesNotContain(document.Sections, s => s.Title == "The observer's cost");
    }
}
