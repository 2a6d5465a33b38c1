using Testbed.Analysis.Results;
using Testbed.Analysis.Stats;
using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Tables;

/// <summary>A sweep's points side by side: what each measured, in the grid's order.</summary>
public static class SweepTables
{
    public static ReportTable Points(SweepSummary sweep)
    {
        var modes = ModeNames.All.Where(m => sweep.Rows.Any(r => r.MsPerStep.ContainsKey(m))).ToList();
        var headers = new List<string> { "Scenario", "Nodes", "Batch" };
        headers.AddRange(modes.Select(m => $"{m.ToName()} (ms/step)"));
        headers.AddRange(modes.Select(m => $"{m.ToName()} all-reduce (ms/step)"));
        headers.AddRange(["Step overhead", "95 % CI", "n pairs"]);
        var table = new TableBuilder($"sweep-{sweep.Name}", $"Sweep {sweep.Name}: what each point measured", [.. headers]);
        foreach (var row in sweep.Rows)
        {
            var cells = new List<string> { row.Scenario, Format.Int(row.Nodes), row.Batch is { } b ? Format.Int(b) : Format.None };
            cells.AddRange(modes.Select(m => Format.Ms(row.MsPerStep.GetValueOrDefault(m))));
            cells.AddRange(modes.Select(m => Format.Ms(row.AllReduceMs.GetValueOrDefault(m))));
            var o = row.StepOverhead;
            cells.AddRange([o is null ? Format.None : Format.Percent(o.Percent), o is null ? Format.None : Format.OverheadInterval(o), o is null ? Format.None
                : Format.Int(o.NativeN)]);
            table.Row([.. cells]);
        }
        return table.Build("ms/step and all-reduce: means over the epochs after the first of every measured repetition " +
            "and worker. Step overhead: container over native steady step, paired by round, 95 % Student t interval.");
    }
}
