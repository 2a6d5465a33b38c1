using Testbed.Analysis.Charts;
using Testbed.Analysis.Results;
using Testbed.Analysis.Run;
using Testbed.Analysis.Stats;
using Testbed.Analysis.Summary;
using Testbed.Analysis.Tables;

namespace Testbed.Analysis.Reporting;

/// <summary>Decides what goes where: checks and headline first, then each scenario, then the environment.</summary>
internal static class ReportLayout
{
    /// <param name="statedNetwork">A network the user stated for the cost model's extrapolation; null: the measured network alone.</param>
    public static IReadOnlyList<ReportSection> Sections(RunSummary run, Model.Network? statedNetwork = null)
    {
        // Checks first: a reader should know the measurement's warnings before reading its numbers.
        var sections = new List<ReportSection> { ChecksSection.Of(run.Checks), Headline(run) };
        var overhead = new List<ReportBlock> { new TableBlock(HeadlineTables.Overheads(run)) };
        if (run.Scenarios.Count > 1)
            overhead.Add(new ChartBlock(RunCharts.ScenarioComparison(run)));
        sections.Add(new ReportSection("Overhead per scenario and workload", overhead));
        if (TrainerTables.HasForeign(run))
        {
            sections.Add(new ReportSection("Overhead per trainer",
                [new TableBlock(TrainerTables.Overheads(run)), new ChartBlock(RunCharts.TrainerOverheads(run))]));
        }
        if (run.Cluster is { Kind: not "local" } cluster)
        {
            sections.Add(new ReportSection($"Cluster {cluster.Name}",
                [new ParagraphBlock(HeadlineTables.ClusterSentence(cluster)), new TableBlock(HeadlineTables.Cluster(cluster))]));
        }
        if (run.Cluster is { Wire.Count: > 0 } measured)
            sections.Add(new ReportSection("Network paths", [new TableBlock(HeadlineTables.Wire(measured))]));
        if (run.Model is { } model)
            sections.Add(CostModel(model, statedNetwork ?? Model.Network.Measured));
        sections.AddRange(run.Sweeps.Select(Sweep));
        if (run.Observer is { } observer)
        {
            sections.Add(new ReportSection("The observer's cost",
                [new ParagraphBlock(ObserverTables.Sentence(observer, run.Sampler!)), new TableBlock(ObserverTables.Table(observer))]));
        }
        if (DrivingMachineTables.Has(run))
            sections.Add(new ReportSection("The driving machine", [new TableBlock(DrivingMachineTables.Table(run))]));
        sections.AddRange(run.Scenarios.Select(Scenario));
        sections.Add(new ReportSection("Environment", [new TableBlock(HeadlineTables.Environment(run))]));
        return sections;
    }

    /// <summary>
    /// The cost model (issue 24): fitted parameters, predicted against measured per configuration
    /// and mode, then the extrapolation, labelled so, on the measured network and on one the user
    /// stated (each mode's curve on it right after its measured one). A run the model cannot be fitted on says why in one line.
    /// </summary>
    private static ReportSection CostModel(Model.RunModel model, Model.Network statedNetwork)
    {
        if (model.Unavailable is { } why)
        {
            return new ReportSection("Cost model",
                [new ParagraphBlock($"No cost model for this run: {why}. It needs a run on 2 or more nodes with " +
                $"the network paths measured (manifest cluster.wire); see README \"The cost model: Predict\".")]);
        }
        var blocks = new List<ReportBlock> { new TableBlock(ModelTables.Parameters(model)) };
        if (model.Validation.Count > 0)
        {
            var outside = model.Validation.Count(v => v.Outside);
            blocks.Add(new ParagraphBlock(outside == 0
                ? $"Every measured configuration and mode ({model.Validation.Count}) is within " +
                    $"the model's stated ±{Model.ModelValidation.StatedErrorPercent:0} %."
                : $"{outside} of {model.Validation.Count} measured configurations and modes are BEYOND the model's stated " +
                    $"±{Model.ModelValidation.StatedErrorPercent:0} %: its curves near them are not to be trusted (see the checks).", outside > 0));
            blocks.Add(new TableBlock(ModelTables.Validation(model)));
        }
        IReadOnlyList<Model.OverheadCurve> Curves(Func<Model.Network, IReadOnlyList<Model.OverheadCurve>> on) => statedNetwork.IsMeasured
            ? on(Model.Network.Measured)
            : [.. on(Model.Network.Measured).Zip(on(statedNetwork)).SelectMany(pair => new[] { pair.First, pair.Second })];
        // The crossings at every measured batch (a sweep's curve differs per batch); the charts at the curves' batch.
        var nodesByBatch = model.CrossingBatches
            .Select(b => new Model.BatchCurves(b, Curves(network => Model.OverheadCurve.AgainstNodes(model.Fit, b, network)))).ToList();
        var gradientByBatch = model.CrossingBatches
            .Select(b => new Model.BatchCurves(b, Curves(network => Model.OverheadCurve.AgainstGradient(model.Fit, model.CurveNodes, b, network)))).ToList();
        var nodes = nodesByBatch.First(c => c.Batch == model.CurveBatch).Curves;
        var gradient = gradientByBatch.First(c => c.Batch == model.CurveBatch).Curves;
        if (nodes.Count == 0)
        {
            blocks.Add(new ParagraphBlock("No extrapolation of the overhead: native or every other mode could not be modelled."));
            return new ReportSection("Cost model", blocks);
        }
        var measured = model.Points.Select(p => p.Nodes).Distinct().Order().ToList();
        var networks = statedNetwork.IsMeasured ? "on its measured network"
            : $"on its measured network and on the network stated for the host path ({statedNetwork.Label}; the other paths keep their measured " +
                "difference to it)";
        blocks.Add(new ParagraphBlock($"EXTRAPOLATION below: the model's predictions beyond what this run measured " +
            $"({string.Join(", ", measured)} nodes), {networks}; a prediction, not a measurement."));
        blocks.Add(new TableBlock(ModelTables.Crossings(model, nodesByBatch, gradientByBatch)));
        blocks.Add(new ChartBlock(ModelCharts.OverheadAgainstNodes(model, nodes)));
        blocks.Add(new ChartBlock(ModelCharts.OverheadAgainstGradient(model, gradient)));
        return new ReportSection("Cost model", blocks);
    }

    private static ReportSection Sweep(SweepSummary sweep)
    {
        var axes = string.Join(" and ", new[] { sweep.SweepsNodes ? "node count" : null, sweep.SweepsBatch ? "batch per worker" : null }.OfType<string>());
        var blocks = new List<ReportBlock>
        {
            new ParagraphBlock($"{sweep.Rows.Count} points of the sweep {sweep.Name} over {axes}, each a scenario of its own (its section below)."),
            new TableBlock(SweepTables.Points(sweep)),
        };
        blocks.AddRange(SweepCharts.Of(sweep).Select(c => new ChartBlock(c)));
        return new ReportSection($"Sweep {sweep.Name}", blocks);
    }

    private static ReportSection Headline(RunSummary run)
    {
        var blocks = new List<ReportBlock>();
        if (!run.Complete)
            blocks.Add(new ParagraphBlock("This run is marked incomplete in its manifest: it was interrupted or failed before every repetition ran.", true));
        foreach (var s in run.Scenarios)
        {
            blocks.Add(new ParagraphBlock(HeadlineSentence(s)));
            // Which trainer each workload measured, when the run has one other than ours (issue 25).
            if (TrainerTables.HasForeign(run))
                blocks.AddRange(TrainerTables.Sentences(s).Select(sentence => new ParagraphBlock(sentence)));
            var uncounted = s.Repetitions.Where(r => r.State != RepetitionState.Succeeded).ToList();
            if (uncounted.Count > 0)
            {
                blocks.Add(new ParagraphBlock($"{s.Name}: {uncounted.Count} repetition(s) did not succeed and are not counted: " +
                    string.Join("; ", uncounted.Select(r => $"{r.Mode.ToName()} rep-{r.Index} {r.State.ToString().ToLowerInvariant()} ({r.Error})")) + ".",
                        true));
            }

            if (s.Weights.Match == false)
            {
                blocks.Add(new ParagraphBlock($"{s.Name}: native and container runs ended with different " +
                    $"weights ({s.Weights.Detail}); the modes did not do the same work.", true));
            }
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
              (o.PercentInterval is { } i && i.Contains(0) ? "; the interval holds 0: this run cannot tell the modes apart" : "") +
              (s.PrecisionRecord?.TargetPercent is not null ? $"; precision {HeadlineTables.PrecisionText(s)}" : "")
            : "no overhead can be given: a mode has no succeeded, measured repetition";
        var thesis = s.Thesis is { } t
            ? $"; the thesis measured {Format.Percent(t.Percent)} ({Format.Number(t.NativeSeconds, "0")} s " +
                $"vs {Format.Number(t.ContainerSeconds, "0")} s, \"{t.Claim}\")"
            : "";
        return $"{s.Name}: {ours}{thesis}.";
    }

    /// <summary>"+3.1 % [-1.0, +7.9] % (95 % CI, paired, n = 5)", the interval as its n allows.</summary>
    private static string Estimate(Stats.Overhead o) => o.Quality switch
    {
        Stats.IntervalQuality.TooFew => $"{Format.Percent(o.Percent)} ({o.Method}, n = {o.N}: too small for an interval)",
        Stats.IntervalQuality.Unreliable =>
            $"{Format.Percent(o.Percent)} {Format.PercentInterval(o.PercentInterval!.Value)} (95 % CI, {o.Method}, n = {o.N}: unreliable)",
        _ => $"{Format.Percent(o.Percent)} {Format.PercentInterval(o.PercentInterval!.Value)} (95 % CI, {o.Method}, n = {o.N})",
    };

    private static string OutlierSentence(ScenarioSummary s)
    {
        var outliers = Outliers.Of(s.Repetitions);
        var fewest = s.Modes.Min(m => s.Repetitions.Count(r => r.Mode == m && r.IsMeasured));
        if (fewest < Outliers.Minimum)
        {
            return $"Outlier rule (median ± {Outliers.Deviations:0} × 1.4826 × MAD per mode, reported, never removed) " +
                $"not applied: it needs {Outliers.Minimum} measured repetitions per mode, this run has {fewest}.";
        }
        return outliers.Count == 0
            ? $"No measured repetition lies further than {Outliers.Deviations:0} scaled MADs from its mode's median " +
                $"training time (rule: median ± {Outliers.Deviations:0} × 1.4826 × MAD; reported, never removed)."
            : $"Outliers by median ± {Outliers.Deviations:0} × 1.4826 × MAD, reported and still counted: " +
              string.Join(", ", outliers.Select(r => $"{r.Mode.ToName()} rep-{r.Index} ({Format.Seconds(r.ScenarioSeconds)} s)")) + ".";
    }

    /// <summary>Per mode: the tune phase's median time beside training's, and whether every loaded model scored what the saved one did.</summary>
    private static string TuneSentence(ScenarioSummary s)
    {
        var parts = s.Modes.Select(mode =>
        {
            var rows = s.Tune.Where(r => r.Mode == mode && r.Counted).ToList();
            var seconds = rows.Where(r => r.Seconds is not null).Select(r => r.Seconds!.Value).ToList();
            var accuracy = rows.Where(r => r.Accuracy is not null).Select(r => r.Accuracy!.Value).ToList();
            if (seconds.Count == 0) return $"{mode.ToName()}: no measured repetition's tune phase (warm-ups and restarted repetitions are not counted)";
            return $"{mode.ToName()}: tune " +
                $"{(seconds.Count > 0 ? Format.Seconds(MathNet.Numerics.Statistics.Statistics.Median(seconds)) + " s" : Format.None)} (median, n = " +
                $"{seconds.Count}) after training {Format.Seconds(s.TrainingSeconds[mode]?.Median)} s, test accuracy " +
                $"{(accuracy.Count > 0 ? Format.Number(MathNet.Numerics.Statistics.Statistics.Median(accuracy), "0.0000") : Format.None)}";
        });
        var judged = s.Tune.Where(r => r.LoadedAsSaved is not null).ToList();
        var check = judged.Count == 0
            ? "no tune phase recorded both accuracies, so the loaded model could not be checked"
            : judged.All(r => r.LoadedAsSaved == true)
                ? $"in all {judged.Count} tune phase(s) the loaded model scored exactly the saved model's test accuracy"
                : $"in {judged.Count(r => r.LoadedAsSaved == false)} of {judged.Count} tune phase(s) the loaded " +
                    $"model did NOT score the saved model's test accuracy: saving or loading lost something";
        return $"Tune phase (the thesis's train, save, load, tune): {string.Join("; ", parts)}. Checked: {check}.";
    }

    /// <summary>Per mode: restarts, median recovery and steps lost, and how many ended with the uninterrupted weights.</summary>
    private static string RecoverySentence(ScenarioSummary s)
    {
        var parts = s.Modes.Select(mode =>
        {
            var rows = s.Recovery.Where(r => r.Mode == mode).ToList();
            if (rows.Count == 0) return $"{mode.ToName()}: no restart";
            var recovery = rows.Where(r => r.RecoverySeconds is not null).Select(r => r.RecoverySeconds!.Value).ToList();
            var lost = rows.Where(r => r.StepsLost is not null).Select(r => (double)r.StepsLost!.Value).ToList();
            var judged = rows.Where(r => r.SameWeights is not null).ToList();
            return $"{mode.ToName()}: {rows.Count} restart(s), recovery median " +
                $"{(recovery.Count > 0 ? Format.Seconds(MathNet.Numerics.Statistics.Statistics.Median(recovery)) + " s" : Format.None)}" +
                   $" (max {(recovery.Count > 0 ? Format.Seconds(recovery.Max()) + " s" : Format.None)}), steps lost median " +
                       $"{(lost.Count > 0 ? Format.Number(MathNet.Numerics.Statistics.Statistics.Median(lost), "0") : Format.None)}, " +
                   (judged.Count == 0 ? "no uninterrupted repetition of the same length to compare the weights with"
                       : $"{judged.Count(r => r.SameWeights == true)} of {judged.Count} ended with the uninterrupted weights");
        });
        var excluded = s.Repetitions.Count(r => r.RestartedExcluded);
        return $"Restarts after failed workers: {string.Join("; ", parts)}." +
               (excluded > 0
                   ? $" {excluded} repetition(s) succeeded after restarts and are left out of the statistics (Report --include-restarted counts them)." : "");
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
        if (s.Tune.Count > 0)
        {
            blocks.Add(new ParagraphBlock(TuneSentence(s)));
            blocks.Add(new TableBlock(ScenarioTables.Tune(s)));
        }
        if (s.Recovery.Count > 0)
        {
            blocks.Add(new ParagraphBlock(RecoverySentence(s)));
            blocks.Add(new TableBlock(ScenarioTables.Recovery(s)));
            blocks.Add(new ChartBlock(ScenarioCharts.Recovery(s)));
        }
        blocks.AddRange(s.Workloads.Select(w => new TableBlock(ScenarioTables.Epochs(s, w))));
        if (ScenarioTables.ThesisEpochs(s) is { } thesis)
            blocks.Add(new TableBlock(thesis));
        if (s.Startup.Native is not null || s.Startup.Container is not null)
        {
            blocks.Add(new TableBlock(ScenarioTables.Startup(s)));
            blocks.Add(new ChartBlock(ScenarioCharts.Startup(s)));
        }
        // No measured repetition (every one failed or restarted): no curve to draw.
        if (s.Workloads.Any(w => w.StepResponse.Count > 0))
            blocks.Add(new ChartBlock(ScenarioCharts.StepResponse(s)));
        if (s.Workloads.Any(w => w.EpochOverheads.Count > 0))
        {
            blocks.Add(new TableBlock(ScenarioTables.EpochOverhead(s.Name, s.Workloads)));
            blocks.Add(new ChartBlock(ScenarioCharts.EpochOverhead(s)));
        }
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
