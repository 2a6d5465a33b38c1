namespace Testbed.Orchestration.Testing;

/// <summary>How the Test target ends, from its runs' counts: passed, a usage error (exit 2) or a failure (exit 1), with the message.</summary>
public sealed record TestVerdict(string ClosingLine, string? UsageError, string? Failure)
{
    /// <param name="runs">Every test project's run, the reference check's last when it ran.</param>
    /// <param name="filter">--test-filter ("" for none): a filter that matched nothing is the caller's mistake, not a pass.</param>
    /// <param name="referenceCheckRan">Whether the reference check was among the runs (its verdict is printed above the failure).</param>
    public static TestVerdict Of(IReadOnlyList<TestRun> runs, string filter, bool referenceCheckRan, string resultsDirectory)
    {
        var total = TestRun.Sum(runs);
        if (filter.Length > 0 && total.Problems.Count == 0 && total.Executed + total.Skipped == 0)
        {
            return new(total.ClosingLine,
                $"--test-filter '{filter}' matched no test in {string.Join(", ", runs.Select(r => r.Project))}; "
                + "expected an expression such as FullyQualifiedName~Ring (see 'dotnet test --help').", null);
        }

        if (total.Problems.Count > 0)
        {
            return new(total.ClosingLine, null,
                $"Not every test project can be trusted (each counts as a failure):\n  {string.Join("\n  ", total.Problems)}");
        }

        return total.Failed == 0
            ? new(total.ClosingLine, null, null)
            : new(total.ClosingLine, null,
                $"{total.Failed} test(s) failed in {string.Join(", ", runs.Where(r => r.Failed > 0).Select(r => r.Project))}; results are in {resultsDirectory}"
                + (referenceCheckRan ? " (the reference check's verdict is printed above)." : "."));
    }
}
