using Testbed.Analysis.Results;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Results;

/// <summary>How Report and Reproduce find "latest" after a target that makes runs: through the hand-off file only.</summary>
[Trait("Tier", "Unit")]
public sealed class RunAfterLastRunTests
{
    [Fact]
    public void Latest_is_the_run_the_last_run_made_even_when_a_newer_folder_is_there()
    {
        using var temp = Fixtures.CopyRuns(Fixtures.CleanRun, Fixtures.TroubledRun);
        var file = Path.Combine(temp.Path, "artifacts", "last-run.txt");
        LastRunFile.Write(file, Path.Combine(temp.Path, Fixtures.CleanRun));

        Assert.Equal(Path.Combine(temp.Path, Fixtures.CleanRun), RunLocator.ResolveAfterLastRun(temp.Path, "latest", file));
    }

    [Fact]
    public void A_last_run_that_made_no_folder_leaves_nothing_to_report_never_an_older_run()
    {
        using var temp = Fixtures.CopyRuns(Fixtures.CleanRun);
        var file = Path.Combine(temp.Path, "artifacts", "last-run.txt");
        LastRunFile.MarkStarted(file);

        Assert.Null(RunLocator.ResolveAfterLastRun(temp.Path, "latest", file));
    }

    [Fact]
    public void Without_a_run_made_here_or_one_made_into_other_results_latest_is_the_newest_folder()
    {
        using var temp = Fixtures.CopyRuns(Fixtures.CleanRun, Fixtures.TroubledRun);
        var file = Path.Combine(temp.Path, "artifacts", "last-run.txt");
        Assert.Equal(Path.Combine(temp.Path, Fixtures.TroubledRun), RunLocator.ResolveAfterLastRun(temp.Path, "latest", file));

        using var elsewhere = Fixtures.CopyRuns(Fixtures.CleanRun);
        LastRunFile.Write(file, Path.Combine(elsewhere.Path, Fixtures.CleanRun));
        Assert.Equal(Path.Combine(temp.Path, Fixtures.TroubledRun), RunLocator.ResolveAfterLastRun(temp.Path, "latest", file));
    }

    [Fact]
    public void A_named_run_is_that_run_whatever_the_last_run_was()
    {
        using var temp = Fixtures.CopyRuns(Fixtures.CleanRun, Fixtures.TroubledRun);
        var file = Path.Combine(temp.Path, "artifacts", "last-run.txt");
        LastRunFile.MarkStarted(file);

        Assert.Equal(Path.Combine(temp.Path, Fixtures.CleanRun), RunLocator.ResolveAfterLastRun(temp.Path, Fixtures.CleanRun, file));
    }
}
