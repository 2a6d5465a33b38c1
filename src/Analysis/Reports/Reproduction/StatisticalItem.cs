using Testbed.Analysis.Comparison;
using Testbed.Analysis.Run;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Reproduction;

/// <summary>What a re-run's timing says about the original's: judged by intervals, never by equality.</summary>
public enum Consistency
{
    /// <summary>The 95 % intervals overlap (Compare's "same within intervals").</summary>
    Consistent,

    /// <summary>The intervals are separated: the re-run is faster or slower than chance explains.</summary>
    Drifted,

    /// <summary>No interval on one side: a mode missing, or one repetition (a point is no interval, and equality is no test).</summary>
    NotJudged,
}

/// <summary>A measured value with its 95 % interval (none below 2 repetitions) and the repetitions behind it.</summary>
public sealed record Estimate(double Value, Interval? Interval, int N);

/// <summary>
/// A timing of one scenario in both runs: the container overhead (a ratio) or the ms/step of a mode,
/// with the verdict Compare would give (<see cref="Verdicts.Of"/>).
/// </summary>
/// <param name="Mode">The mode of a ms/step item; null for the overhead.</param>
public sealed record StatisticalItem(string Scenario, string Item, Mode? Mode, Estimate? Original, Estimate? Rerun, Consistency Verdict, string Detail)
{
    public const string Overhead = "container overhead";
    public const string MsPerStep = "ms/step";

    /// <summary>The item's name with its mode: "native ms/step", "container overhead".</summary>
    public string Name => Mode is { } m ? $"{m.ToName()} {Item}" : Item;

    /// <summary>Overhead and ms/step per mode of every scenario either run has.</summary>
    public static IReadOnlyList<StatisticalItem> Compare(RunSummary original, RunSummary rerun, Results.RunFolder originalFolder, Results.RunFolder rerunFolder)
    {
        var items = new List<StatisticalItem>();
        var names = original.Scenarios.Select(s => s.Name).Concat(rerun.Scenarios.Select(s => s.Name)).Distinct().ToList();
        foreach (var name in names)
        {
            var a = original.Scenarios.FirstOrDefault(s => s.Name == name);
            var b = rerun.Scenarios.FirstOrDefault(s => s.Name == name);
            items.Add(Judge(name, Overhead, null, OverheadEstimate(a?.Overhead), OverheadEstimate(b?.Overhead)));
            foreach (var mode in ModeNames.All)
            {
                var (stepA, stepB) = (StepEstimate(originalFolder, name, mode), StepEstimate(rerunFolder, name, mode));
                // A mode neither run chose (an attribution mode, say) is no finding.
                if (stepA is not null || stepB is not null)
                    items.Add(Judge(name, MsPerStep, mode, stepA, stepB));
            }
        }
        return items;
    }

    internal static StatisticalItem Judge(string scenario, string item, Mode? mode, Estimate? a, Estimate? b)
    {
        if (a is null || b is null)
        {
            return new StatisticalItem(scenario, item, mode, a, b, Consistency.NotJudged, a is null && b is null ? "neither run measured it" : a is null
                ? "the original did not measure it" : "the re-run did not measure it");
        }
        if (a.N < 2 || b.N < 2 || a.Interval is null || b.Interval is null)
            return new StatisticalItem(scenario, item, mode, a, b, Consistency.NotJudged, "one repetition gives no interval; run with at least 2 to judge it");
        return Verdicts.Of(a.Interval, b.Interval) switch
        {
            Comparison.Verdict.CannotTell => new StatisticalItem(scenario, item, mode, a, b, Consistency.Consistent, "intervals overlap"),
            Comparison.Verdict.Lower => new StatisticalItem(scenario, item, mode, a, b, Consistency.Drifted, "intervals separated: higher in the re-run"),
            _ => new StatisticalItem(scenario, item, mode, a, b, Consistency.Drifted, "intervals separated: lower in the re-run"),
        };
    }

    private static Estimate? OverheadEstimate(Stats.Overhead? o) =>
        o is null ? null : new Estimate(o.Ratio, o.RatioInterval, Math.Min(o.NativeN, o.ContainerN));

    /// <summary>Per measured repetition the mean ms/step over every epoch of every worker; then their mean and its bootstrap interval.</summary>
    private static Estimate? StepEstimate(Results.RunFolder folder, string scenario, Mode mode)
    {
        var perRepetition = folder.Repetitions
            .Where(r => r.Scenario == scenario && r.Mode == mode && r.IsMeasured)
            .Select(r => r.Workloads.Values.SelectMany(w => w).SelectMany(w => w.Epochs).Select(e => e.MsPerStep).ToList())
            .Where(steps => steps.Count > 0)
            .Select(steps => steps.Average())
            .ToList();
        return MeanWithInterval.Of(perRepetition) is { } m ? new Estimate(m.Mean, m.Interval, m.N) : null;
    }
}
