using Testbed.Analysis.Checks;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Checks;

[Trait("Tier", "Unit")]
public sealed class CleanRunTests : IDisposable
{
    private readonly TempDirectory _results = new();

    public void Dispose() => _results.Dispose();

    [Fact]
    public void A_clean_run_with_every_kind_of_data_fires_no_check_and_every_check_looked()
    {
        var results = new CheckRunBuilder().Checks(_results.Path);

        Assert.True(results.Findings.Count == 0, CheckAssert.Describe(results));
        Assert.Equal(CheckResults.All.Select(c => c.Name), results.FoundNothing);
    }

    [Fact]
    public void A_run_from_before_the_counters_says_what_it_could_not_check_instead_of_passing()
    {
        var results = new CheckRunBuilder { Counters = false }.Checks(_results.Path);

        var skipped = results.NotChecked.ToDictionary(f => f.Check, f => f.Seen);
        Assert.Contains("metrics.csv has no throttling counters", skipped["CPU throttling"]);
        Assert.Contains("metrics.csv has no page-fault counts", skipped["page faults"]);
        Assert.DoesNotContain("CPU throttling", results.FoundNothing);
        Assert.All(results.NotChecked, f => Assert.Equal(Severity.Note, f.Severity));
    }

    [Fact]
    public void A_run_on_this_host_alone_says_the_node_and_path_checks_could_not_look()
    {
        var results = new CheckRunBuilder { Cluster = false }.Checks(_results.Path);

        var skipped = results.NotChecked.ToDictionary(f => f.Check, f => f.Seen);
        Assert.Contains("no nodes.csv", skipped["engine cost"]);
        Assert.Contains("no measured network path", skipped["rate above the network path"]);
    }
}
