using Testbed.Analysis.Checks;

namespace Testbed.Analysis.Tests.Checks;

/// <summary>Assertions on one check's findings among all of a run's.</summary>
internal static class CheckAssert
{
    /// <summary>The check's findings (not its "not checked" notes); fails when there are none.</summary>
    public static IReadOnlyList<Finding> Fired(CheckResults results, string check)
    {
        var findings = results.Findings.Where(f => f.Check == check && !f.NotChecked).ToList();
        Assert.True(findings.Count > 0, $"expected '{check}' to fire; findings: {Describe(results)}");
        return findings;
    }

    /// <summary>The check looked and found nothing: no finding, no "not checked".</summary>
    public static void Quiet(CheckResults results, string check)
    {
        Assert.Contains(check, results.Ran);
        Assert.True(results.FoundNothing.Contains(check), $"expected '{check}' to find nothing; findings: {Describe(results)}");
    }

    public static string Describe(CheckResults results) =>
        results.Findings.Count == 0 ? "none"
            : string.Join("\n", results.Findings.Select(f => $"[{f.Severity}{(f.NotChecked ? ", not checked" : "")}] {f.Check} @ {f.Where}: {f.Seen}"));
}
