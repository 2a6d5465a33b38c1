using Testbed.Orchestration.Running;
using Testbed.Orchestration.Testing;

namespace Testbed.Orchestration.Tests.Testing;

[Trait("Tier", "Unit")]
public sealed class TestVerdictTests
{
    private static TestRun Run(string project, int passed, int failed, params string[] problems) => new(project, passed, failed, 0, problems);

    [Fact]
    public void Every_test_passed_is_a_pass_with_the_closing_line()
    {
        var verdict = TestVerdict.Of([Run("A.Tests", 5, 0), Run("B.Tests", 2, 0)], "", referenceCheckRan: false, "/r");

        Assert.Equal("Test: 7 passed, 0 failed", verdict.ClosingLine);
        Assert.Null(verdict.UsageError);
        Assert.Null(verdict.Failure);
    }

    [Fact]
    public void A_failed_test_fails_naming_its_project_and_where_the_results_are()
    {
        var verdict = TestVerdict.Of([Run("A.Tests", 5, 0), Run("B.Tests", 2, 3)], "", referenceCheckRan: true, "/r");

        Assert.Equal("Test: 7 passed, 3 failed", verdict.ClosingLine);
        Assert.Equal("3 test(s) failed in B.Tests; results are in /r (the reference check's verdict is printed above).", verdict.Failure);
    }

    [Fact]
    public void A_crashed_test_host_is_a_failure_even_when_no_test_failed()
    {
        var verdict = TestVerdict.Of([Run("A.Tests", 5, 0, "A.Tests: ran no test")], "", referenceCheckRan: false, "/r");

        Assert.Equal("Test: 5 passed, 1 failed", verdict.ClosingLine);
        Assert.StartsWith("Not every test project can be trusted", verdict.Failure);
        Assert.Contains("A.Tests: ran no test", verdict.Failure);
    }

    [Fact]
    public void A_filter_that_matched_nothing_is_a_usage_error_not_a_pass()
    {
        var verdict = TestVerdict.Of([Run("A.Tests", 0, 0)], "FullyQualifiedName~Nothing", referenceCheckRan: false, "/r");

        Assert.Null(verdict.Failure);
        Assert.StartsWith("--test-filter 'FullyQualifiedName~Nothing' matched no test in A.Tests", verdict.UsageError);
    }

    [Fact]
    public void The_reference_run_is_the_repro_experiment_once_per_mode_without_warm_up_on_this_host()
    {
        var request = ReferenceRun.Request("/repo", "/repo/artifacts/reference-check");

        Assert.Equal(["repro"], request.Experiments);
        Assert.Equal((1, 0), (request.Repetitions, request.Warmups));
        Assert.Equal([Mode.Native, Mode.Container], request.Modes);
        Assert.Equal(("local", "/repo/clusters", "/repo/experiments"), (request.Cluster, request.ClustersDirectory, request.ExperimentsDirectory));
        Assert.Equal("/repo/artifacts/reference-check", request.ResultsDirectory);
    }
}
