using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Tables;

/// <summary>Every table of a report, in reading order.</summary>
public static class ReportTables
{
    public static IReadOnlyList<ReportTable> For(RunSummary run)
    {
        var tables = new List<ReportTable>
        {
            HeadlineTables.Headline(run),
            HeadlineTables.Accuracy(run),
            HeadlineTables.Overheads(run),
        };
        foreach (var s in run.Scenarios)
            tables.AddRange(ForScenario(s));
        tables.Add(HeadlineTables.Environment(run));
        return tables;
    }

    public static IReadOnlyList<ReportTable> ForScenario(ScenarioSummary s)
    {
        var tables = new List<ReportTable> { ScenarioTables.Repetitions(s), ScenarioTables.TrainingTime(s) };
        tables.AddRange(s.Workloads.Select(w => ScenarioTables.Epochs(s, w)));
        tables.Add(ScenarioTables.StepSplit(s));
        if (s.Resources.Native is not null || s.Resources.Container is not null)
            tables.Add(ScenarioTables.Resources(s));
        return tables;
    }
}
