using System.Globalization;
using System.Xml.Linq;

namespace Testbed.Orchestration.Testing;

/// <summary>The counts of one test project's run, read from its TRX file.</summary>
public sealed record TestRun(string Project, int Passed, int Failed, int Skipped, bool Completed)
{
    /// <summary>The line CI reads: "Test: N passed, M failed" (", K skipped" when any were).</summary>
    public string ClosingLine => $"Test: {Passed} passed, {Failed} failed" + (Skipped > 0 ? $", {Skipped} skipped" : "");

    public static TestRun FromTrx(string project, string trxPath)
    {
        if (!File.Exists(trxPath)) return new TestRun(project, 0, 0, 0, Completed: false);
        var counters = XDocument.Load(trxPath).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
        if (counters is null) return new TestRun(project, 0, 0, 0, Completed: false);
        int Count(string name) => int.Parse(counters.Attribute(name)?.Value ?? "0", CultureInfo.InvariantCulture);
        return new TestRun(project,
            Passed: Count("passed"),
            Failed: Count("failed") + Count("error") + Count("timeout") + Count("aborted"),
            Skipped: Count("notExecuted"),
            Completed: true);
    }

    public static TestRun Sum(IReadOnlyList<TestRun> runs) =>
        new("all", runs.Sum(r => r.Passed), runs.Sum(r => r.Failed), runs.Sum(r => r.Skipped), runs.All(r => r.Completed));
}
