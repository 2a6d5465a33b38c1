using Testbed.Orchestration.Testing;

namespace Testbed.Orchestration.Tests.Testing;

[Trait("Tier", "Unit")]
public sealed class TestRunTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("trx-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Trx(string counters, string outcome = "Completed")
    {
        var path = Path.Combine(_directory, Guid.NewGuid() + ".trx");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <ResultSummary outcome="{outcome}"><Counters {counters} /></ResultSummary>
            </TestRun>
            """);
        return path;
    }

    [Fact]
    public void Counts_are_read_from_the_trx_and_summed_into_the_closing_line()
    {
        var a = TestRun.From("A", Trx("""total="5" executed="5" passed="4" failed="1" error="0" notExecuted="0" """), exitCode: 1, filtered: false);
        var b = TestRun.From("B", Trx("""total="3" executed="2" passed="2" failed="0" error="0" notExecuted="1" """), exitCode: 0, filtered: false);
        var sum = TestRun.Sum([a, b]);

        Assert.Equal((6, 1, 1), (sum.Passed, sum.Failed, sum.Skipped));
        Assert.Empty(sum.Problems);
        Assert.Equal("Test: 6 passed, 1 failed, 1 skipped", sum.ClosingLine);
        Assert.Equal("Test: 4 passed, 1 failed", a.ClosingLine);
    }

    [Fact]
    public void A_missing_trx_is_a_named_problem_counted_as_a_failure()
    {
        var run = TestRun.Sum([TestRun.From("Crashed.Tests", Path.Combine(_directory, "none.trx"), exitCode: 134, filtered: false)]);

        Assert.Contains(run.Problems, p => p.StartsWith("Crashed.Tests:", StringComparison.Ordinal) && p.Contains("134"));
        Assert.Equal("Test: 0 passed, 1 failed", run.ClosingLine);
    }

    [Fact]
    public void A_test_host_that_crashes_after_all_passed_cannot_end_in_zero_failed()
    {
        // dotnet test's exit code says the host died; the TRX written so far counts only passes.
        var run = TestRun.From("Trainer.Tests", Trx("""total="60" executed="60" passed="60" failed="0" """), exitCode: 1, filtered: false);

        Assert.Single(run.Problems);
        Assert.Contains("exited with 1", run.Problems[0]);
        Assert.Equal("Test: 60 passed, 1 failed", run.ClosingLine);
    }

    [Theory]
    [InlineData("Aborted")]
    [InlineData("Error")]
    public void A_run_that_did_not_complete_is_a_problem_even_with_exit_code_zero(string outcome)
    {
        var run = TestRun.From("A", Trx("""total="10" executed="3" passed="3" failed="0" """, outcome), exitCode: 0, filtered: false);

        Assert.Contains(run.Problems, p => p.Contains(outcome));
        Assert.EndsWith("1 failed", run.ClosingLine);
    }

    [Fact]
    public void A_project_that_ran_no_test_is_a_problem_unless_a_filter_chose_none_of_it()
    {
        var empty = """total="0" executed="0" passed="0" failed="0" """;

        Assert.Contains(TestRun.From("Empty.Tests", Trx(empty), exitCode: 0, filtered: false).Problems, p => p.Contains("ran no test"));
        Assert.Empty(TestRun.From("Other.Tests", Trx(empty), exitCode: 0, filtered: true).Problems);
    }
}
