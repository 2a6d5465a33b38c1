using System.Globalization;
using System.Xml.Linq;

namespace Testbed.Orchestration.Testing;

/// <summary>
/// One test project's run: the TRX counters, and every reason not to trust them. A project whose
/// test host crashed, that wrote no TRX, whose run did not complete, that ran no test, or whose
/// `dotnet test` failed although the TRX counts no failure, has a <see cref="Problems"/> entry, and
/// each problem counts as one failure: the closing line can never say "0 failed" over a crash.
/// </summary>
public sealed record TestRun(string Project, int Passed, int Failed, int Skipped, IReadOnlyList<string> Problems)
{
    /// <summary>The line CI reads: "Test: N passed, M failed" (", K skipped" when any were).</summary>
    public string ClosingLine => $"Test: {Passed} passed, {Failed + Problems.Count} failed" + (Skipped > 0 ? $", {Skipped} skipped" : "");

    public int Executed => Passed + Failed;

    /// <param name="filtered">A --test-filter was given: a project may then match no test.</param>
    public static TestRun From(string project, string trxPath, int exitCode, bool filtered)
    {
        if (!File.Exists(trxPath))
        {
            return new TestRun(project, 0, 0, 0,
                [$"{project}: no test results (dotnet test exited with {exitCode}: the project did " +
                $"not build, or its test host crashed before writing {Path.GetFileName(trxPath)})"]);
        }
        var summary = XDocument.Load(trxPath).Descendants().FirstOrDefault(e => e.Name.LocalName == "ResultSummary");
        var counters = summary?.Elements().FirstOrDefault(e => e.Name.LocalName == "Counters");
        if (summary is null || counters is null)
            return new TestRun(project, 0, 0, 0, [$"{project}: {trxPath} has no result counters (the test host stopped while writing it?)"]);

        int Count(string name) => int.Parse(counters.Attribute(name)?.Value ?? "0", CultureInfo.InvariantCulture);
        var run = new TestRun(project,
            Passed: Count("passed"),
            Failed: Count("failed") + Count("error") + Count("timeout") + Count("aborted"),
            Skipped: Count("notExecuted"),
            Problems: []);

        var problems = new List<string>();
        var outcome = summary.Attribute("outcome")?.Value ?? "";
        if (outcome is "Aborted" or "Error" or "Timeout")
            problems.Add($"{project}: the test run ended '{outcome}' (test host crash or abort?); its counts are incomplete");
        if (run.Executed == 0 && !filtered)
            problems.Add($"{project}: ran no test (discovery failed, or the project holds none)");
        if (exitCode != 0 && run.Failed == 0 && !(filtered && run.Executed == 0))
            problems.Add($"{project}: dotnet test exited with {exitCode} although the results count no failure (a crash after the last test?)");
        return run with { Problems = problems };
    }

    public static TestRun Sum(IReadOnlyList<TestRun> runs) =>
        new("all", runs.Sum(r => r.Passed), runs.Sum(r => r.Failed), runs.Sum(r => r.Skipped), [.. runs.SelectMany(r => r.Problems)]);
}
