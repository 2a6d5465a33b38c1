using Testbed.Analysis.Results;
using Testbed.Analysis.Run;
using Testbed.Analysis.Stats;
using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Comparison;

/// <summary>Two runs' headline numbers side by side, scenario by scenario, each with a verdict.</summary>
public sealed record RunComparison(string RunA, string RunB, IReadOnlyList<ScenarioComparison> Scenarios)
{
    /// <exception cref="RunFormatException">A file of either run folder is missing or malformed.</exception>
    public static RunComparison Compare(string runFolderA, string runFolderB) =>
        Compare(RunSummary.Of(RunFolder.Load(runFolderA)), RunSummary.Of(RunFolder.Load(runFolderB)));

    public static RunComparison Compare(RunSummary a, RunSummary b)
    {
        var names = a.Scenarios.Select(s => s.Name).Concat(b.Scenarios.Select(s => s.Name)).Distinct().ToList();
        return new RunComparison(a.RunId, b.RunId, names.Select(name =>
            ScenarioComparison.Of(name, a.Scenarios.FirstOrDefault(s => s.Name == name), b.Scenarios.FirstOrDefault(s => s.Name == name))).ToList());
    }

    public string ToMarkdown() => ComparisonMarkdown.Render(this);
}

/// <summary>
/// One scenario in both runs: mean training time per mode (with a bootstrap interval of the mean)
/// and the container overhead (with its interval). Verdicts read "run a is ... than run b".
/// </summary>
public sealed record ScenarioComparison(
    string Scenario,
    ByMode<MeanWithInterval?> A,
    ByMode<MeanWithInterval?> B,
    Overhead? OverheadA,
    Overhead? OverheadB,
    ByMode<Verdict> Time,
    Verdict Overhead)
{
    internal static ScenarioComparison Of(string name, ScenarioSummary? a, ScenarioSummary? b)
    {
        var meansA = ByMode<MeanWithInterval?>.From(m => MeanWithInterval.Of(a?.MeasuredSeconds(m)));
        var meansB = ByMode<MeanWithInterval?>.From(m => MeanWithInterval.Of(b?.MeasuredSeconds(m)));
        return new ScenarioComparison(name, meansA, meansB, a?.Overhead, b?.Overhead,
            ByMode<Verdict>.From(m => Verdicts.Of(meansA[m]?.Interval, meansB[m]?.Interval, meansA[m] is not null, meansB[m] is not null)),
            Verdicts.Of(a?.Overhead?.RatioInterval, b?.Overhead?.RatioInterval, a?.Overhead is not null, b?.Overhead is not null));
    }
}

/// <summary>A mean with its 95 % bootstrap interval; no interval from fewer than 2 values (a zero-width one would claim certainty).</summary>
public sealed record MeanWithInterval(double Mean, Interval? Interval, int N)
{
    public static MeanWithInterval? Of(IReadOnlyList<double>? values) =>
        values is null || values.Count == 0 ? null : new MeanWithInterval(values.Average(), values.Count < 2 ? null : Bootstrap.Mean(values), values.Count);
}
