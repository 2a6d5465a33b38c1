namespace Testbed.Analysis.Tests.Architecture;

/// <summary>
/// The order of src/Analysis's projects (its README draws it): a project may use only projects of a
/// lower rank. Everything else in the repository it may use is the run-folder contract (Runs, Records)
/// and libraries; never the trainer, TorchSharp, Docker or Orchestration.
/// </summary>
public static class AnalysisProjects
{
    public static readonly IReadOnlyDictionary<string, int> Rank = new Dictionary<string, int>
    {
        ["Testbed.Analysis.Core"] = 0,
        ["Testbed.Analysis.Model"] = 1,
        ["Testbed.Analysis.Summary"] = 2,
        ["Testbed.Analysis.Views"] = 3,
        ["Testbed.Analysis.Reports"] = 4,
    };

    /// <summary>Assemblies (or prefixes of them) no Analysis project may use.</summary>
    public static readonly IReadOnlyList<string> Forbidden = ["TorchSharp", "Testbed.Trainer", "Docker.DotNet", "Testbed.Orchestration", "Testbed.BuildKit"];

    /// <summary>What is wrong with these uses (user, used; assembly names): up or sideways in the order, or forbidden.</summary>
    public static IReadOnlyList<string> Wrong(IEnumerable<(string User, string Used)> uses) =>
        uses.Where(u => Rank.ContainsKey(u.User))
            .Select(u => Rank.TryGetValue(u.Used, out var rank) && rank >= Rank[u.User]
                ? $"{u.User} uses {u.Used}: that points up or sideways (README.md in src/Analysis: the order)"
                : Forbidden.Any(f => u.Used == f || u.Used.StartsWith(f + ".", StringComparison.Ordinal))
                    ? $"{u.User} uses {u.Used}: the analysis reads only run folders (no trainer, Docker or orchestration)"
                    : null)
            .OfType<string>()
            .ToList();
}
