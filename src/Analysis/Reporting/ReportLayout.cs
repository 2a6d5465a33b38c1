using Testbed.Analysis.Charts;
using Testbed.Analysis.Results;
using Testbed.Analysis.Summary;
using Testbed.Analysis.Tables;

namespace Testbed.Analysis.Reporting;

/// <summary>Decides what goes where: headline first, then each scenario, then the environment.</summary>
internal static class ReportLayout
{
    public static IReadOnlyList<ReportSection> Sections(RunSummary run)
    {
        var sections = new List<ReportSection> { Headline(run) };
        var overhead = new List<ReportBlock> { new TableBlock(HeadlineTables.Overheads(run)) };
        if (run.Scenarios.Count > 1)
            overhead.Add(new ChartBlock(RunCharts.ScenarioComparison(run)));
        sections.Add(new ReportSection("Overhead per scenario and workload", overhead));
        if (run.Cluster is { Kind: not "local" } cluster)
            sections.Add(new ReportSection($"Cluster {cluster.Name}", [new ParagraphBlock(HeadlineTables.ClusterSentence(cluster)), new TableBlock(HeadlineTables.Cluster(cluster))]));
        if (run.Cluster is { Wire.Count: > 0 } measured)
            sections.Add(new ReportSection("Network paths", [new TableBlock(HeadlineTables.Wire(measured))]));
        sections.AddRange(run.Scenarios.Select(Scenario));
        sections.Add(new ReportSection("Environment", [new TableBlock(HeadlineTables.Environment(run))]));
        return sections;
    }

    private static ReportSection Headline(RunSummary run)
    {
        var blocks = new List<ReportBlock>();
        if (!run.Complete)
            blocks.Add(new ParagraphBlock("This run is marked incomplete in its manifest: it was interrupted or failed before every repetition ran.", true));
        foreach (var s in run.Scenarios)
        {
            blocks.Add(new ParagraphBlock(HeadlineSentence(s)));
            var uncounted = s.Repetitions.Where(r => r.State != RepetitionState.Succeeded).ToList();
            if (uncounted.Count > 0)
            {
                blocks.Add(new ParagraphBlock($"{s.Name}: {uncounted.Count} repetition(s) did not succeed and are not counted: " +
                    string.Join("; ", uncounted.Select(r => $"{r.Mode.ToName()} rep-{r.Index} {r.State.ToString().ToLowerInvariant()} ({r.Error})")) + ".", true));
            }

            if (s.Weights.Match == false)
                blocks.Add(new ParagraphBlock($"{s.Name}: native and container runs ended with different weights ({s.Weights.Detail}); the modes did not do the same work.", true));
        }
        blocks.Add(new TableBlock(HeadlineTables.Headline(run)));
        blocks.Add(new TableBlock(HeadlineTables.Accuracy(run)));
        return new ReportSection("Headline", blocks);
    }

    private static string HeadlineSentence(ScenarioSummary s)
    {
        var ours = s.Overhead is { } o
            ? $"containers took {Estimate(o)} longer to train than native " +
              $"({Format.Seconds(s.TrainingSeconds.Native?.Mean)} s vs {Format.Seconds(s.TrainingSeconds.Container?.Mean)} s)" +
              (s.StepOverhead is { } step ? $", {Estimate(step)} on the steady step" : "") +
              (o.PercentInterval is { } i && i.Contains(0) ? "; the interval holds 0: this run cannot tell the modes apart" : "")
            : "no overhead can be given: a mode has no succeeded, measured repetition";
        var thesis = s.Thesis is { } t
            ? $"; the thesis measured {Format.Percent(t.Percent)} ({Format.Number(t.NativeSeconds, "0")} s vs {Format.Number(t.ContainerSeconds, "0")} s, \"{t.Claim}\")"
            : "";
        return $"{s.Name}: {ours}{thesis}.";
    }

    /// <summary>"+3.1 % [-1.0, +7.9] % (95 % CI, paired, n = 5)", the interval as its n allows.</summary>
    private static string Estimate(Stats.Overhead o) => o.Quality switch
    {
        Stats.IntervalQuality.TooFew => $"{Format.Percent(o.Percent)} ({o.Method}, n = {o.N}: too small for an interval)",
        Stats.IntervalQuality.Unreliable => $"{Format.Percent(o.Percent)} {Format.PercentInterval(o.PercentInterval!.Value)} (95 % CI, {o.Method}, n = {o.N}: unreliable)",
        _ => $"{Format.Percent(o.Percent)} {Format.PercentInterval(o.PercentInterval!.Value)} (95 % CI, {o.Method}, n = {o.N})",
    };

    private static string OutlierSentence(ScenarioSummary s)
    {
        var outliers = Outliers.Of(s.Repetitions);
        var fewest = s.Modes.Min(m => s.Repetitions.Count(r => r.Mode == m && r.IsMeasured));
        if (fewest < Outliers.Minimum)
            return $"Outlier rule (median ± {Outliers.Deviations:0} × 1.4826 × MAD per mode, reported, never removed) not applied: it needs {Outliers.Minimum} measured repetitions per mode, this run has {fewest}.";
        return outliers.Count == 0
            ? $"No measured repetition lies further than {Outliers.Deviations:0} scaled MADs from its mode's median training time (rule: median ± {Outliers.Deviations:0} × 1.4826 × MAD; reported, never removed)."
            : $"Outliers by median ± {Outliers.Deviations:0} × 1.4826 × MAD, reported and still counted: " +
              string.Join(", ", outliers.Select(r => $"{r.Mode.ToName()} rep-{r.Index} ({Format.Seconds(r.ScenarioSeconds)} s)")) + ".";
    }

    private static ReportSection Scenario(ScenarioSummary s)
    {
        var blocks = new List<ReportBlock>
        {
            new ParagraphBlock($"{s.Workloads.Count} workload(s) of {s.Workers} workers, {s.Epochs} epochs each."),
            new TableBlock(ScenarioTables.Repetitions(s)),
            new ChartBlock(ScenarioCharts.Drift(s)),
            new ParagraphBlock(OutlierSentence(s)),
            new TableBlock(ScenarioTables.TrainingTime(s)),
        };
        if (s.Attribution is { } attribution)
        {
            blocks.Add(new TableBlock(ScenarioTables.Attribution(s, attribution)));
            blocks.Add(new ChartBlock(ScenarioCharts.Attribution(s, attribution)));
        }
        blocks.Add(new ChartBlock(ScenarioCharts.TrainingTime(s)));
        blocks.AddRange(s.Workloads.Select(w => new TableBlock(ScenarioTables.Epochs(s, w))));
        if (ScenarioTables.ThesisEpochs(s) is { } thesis)
            blocks.Add(new TableBlock(thesis));
        if (s.Startup.Native is not null || s.Startup.Container is not null)
        {
            blocks.Add(new TableBlock(ScenarioTables.Startup(s)));
            blocks.Add(new ChartBlock(ScenarioCharts.Startup(s)));
        }
        blocks.Add(new ChartBlock(ScenarioCharts.StepResponse(s)));
        blocks.Add(new TableBlock(ScenarioTables.StepSplit(s)));
        blocks.Add(new ChartBlock(ScenarioCharts.StepSplit(s)));
        if (s.Resources.Native is null && s.Resources.Container is null)
        {
            blocks.Add(new ParagraphBlock("No resource samples (metrics.csv) in the measured repetitions."));
        }
        else
        {
            blocks.Add(new TableBlock(ScenarioTables.Resources(s)));
            foreach (var mode in s.Modes)
            {
                if (s.Resources[mode] is { } series)
                    blocks.Add(new ChartBlock(ScenarioCharts.Resources(s, mode, series)));
            }
        }
        if (s.NodeTotals.Native is not null || s.NodeTotals.Container is not null)
            blocks.Add(new TableBlock(ScenarioTables.NodeTotals(s)));
        return new ReportSection($"Scenario {s.Name}", blocks);
    }
}
