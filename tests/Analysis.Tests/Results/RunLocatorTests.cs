using Testbed.Analysis.Results;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Results;

[Trait("Tier", "Unit")]
public class RunLocatorTests
{
    [Fact]
    public void Latest_is_the_newest_run_folder_by_its_utc_stamp()
    {
        Assert.Equal(Fixtures.Run(Fixtures.TroubledRun), RunLocator.Resolve(Fixtures.Results, "latest"));
    }

    [Fact]
    public void Run_id_resolves_under_the_results_directory()
    {
        Assert.Equal(Fixtures.Run(Fixtures.CleanRun), RunLocator.Resolve(Fixtures.Results, Fixtures.CleanRun));
    }

    [Fact]
    public void Folders_without_a_manifest_are_not_runs()
    {
        using var temp = Fixtures.CopyRuns(Fixtures.CleanRun);
        Directory.CreateDirectory(Path.Combine(temp.Path, "99991231T000000Z-notarun"));

        Assert.Equal(Path.Combine(temp.Path, Fixtures.CleanRun), RunLocator.Resolve(temp.Path, "latest"));
    }

    [Fact]
    public void Unknown_run_is_an_error_saying_what_would_be_accepted()
    {
        var e = Assert.Throws<RunFormatException>(() => RunLocator.Resolve(Fixtures.Results, "20990101T000000Z-0000000"));

        Assert.Contains("'latest'", e.Problem);
    }

    [Fact]
    public void Latest_in_an_empty_results_directory_is_an_error()
    {
        using var temp = new TempDirectory();

        Assert.Throws<RunFormatException>(() => RunLocator.Resolve(temp.Path, "latest"));
    }
}
