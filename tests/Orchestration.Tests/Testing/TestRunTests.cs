using Testbed.Orchestration.Testing;

namespace Testbed.Orchestration.Tests.Testing;

public sealed class TestRunTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("trx-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Trx(string counters)
    {
        var path = Path.Combine(_directory, Guid.NewGuid() + ".trx");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <ResultSummary outcome="Completed"><Counters {counters} /></ResultSummary>
            </TestRun>
            """);
        return path;
    }

    [Fact]
    public void Counts_are_read_from_the_trx_and_summed_into_the_closing_line()
    {
        var a = TestRun.FromTrx("A", Trx("""total="5" executed="5" passed="4" failed="1" error="0" notExecuted="0" """));
        var b = TestRun.FromTrx("B", Trx("""total="3" executed="2" passed="2" failed="0" error="0" notExecuted="1" """));
        var sum = TestRun.Sum([a, b]);

        Assert.Equal((6, 1, 1), (sum.Passed, sum.Failed, sum.Skipped));
        Assert.Equal("Test: 6 passed, 1 failed, 1 skipped", sum.ClosingLine);
        Assert.Equal("Test: 4 passed, 1 failed", a.ClosingLine);
    }

    [Fact]
    public void A_missing_trx_means_the_project_did_not_complete()
    {
        var run = TestRun.FromTrx("Crashed", Path.Combine(_directory, "none.trx"));
        Assert.False(run.Completed);
        Assert.False(TestRun.Sum([run]).Completed);
    }
}
