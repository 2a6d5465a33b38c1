using Testbed.Analysis.Model;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Tables;

/// <summary>The cost model's tables: its fitted parameters, predicted against measured per configuration and mode, and where the predicted overhead crosses 10
/// % and 20 % (on the measured network, and on a stated one when the user gave it).</summary>
public static class ModelTables
{
    public static ReportTable Parameters(RunModel model)
    {
        var table = new TableBuilder("model-parameters", "Cost model: fitted per mode",
            "Mode", "Latency per message (us)", "Latency from", "Bandwidth (Gbit/s, measured)", "Per-byte cost (ns, fitted)", "Gradient (MB)", "Compute (ms)",
                "Other (ms)");
        var batch = model.CurveBatch;
        foreach (var cost in model.Fit.Modes.Values.OrderBy(c => c.Mode.Order()))
        {
            table.Row(cost.Mode.ToName(), Format.Number(cost.Path.LatencySeconds * 1e6), cost.LatencyFitted ? "fitted" : "half the measured round trip",
                Format.Number(cost.Path.BandwidthBytesPerSecond * 8 / 1e9, "0.00"), Format.Number(cost.Path.ReductionSecondsPerByte * 1e9, "0.00"),
                Format.Number(cost.GradientBytes / 1e6, "0.000"), Format.Ms(cost.ComputeMs(batch)), Format.Ms(cost.OtherMs));
        }
        return table.Build($"Compute at batch {(batch is { } b ? Format.Int(b) : Format.None)} per worker. Per-step time = " +
            $"compute + other + 2(N-1) x latency + 2(N-1)/N x gradient / bandwidth + (N-1)/N x gradient x per-byte cost." + ClassNote(model));
    }

    /// <summary>Every measured configuration and mode: the same numbers the check "cost model off the measurement" judges.</summary>
    public static ReportTable Validation(RunModel model)
    {
        var table = new TableBuilder("model-validation", "Cost model: predicted against measured ms/step",
            "Scenario", "Workload", "Mode", "Nodes", "Batch", "n", "Measured (ms/step)", "Predicted (ms/step)", "Error", "Fitted",
                $"Beyond ±{ModelValidation.StatedErrorPercent:0} %");
        foreach (var v in model.Validation)
        {
            table.Row(v.Scenario, v.Workload, v.Mode.ToName(), Format.Int(v.Nodes), v.Batch is { } b ? Format.Int(b) : Format.None, Format.Int(v.N),
                Format.Ms(v.MeasuredMs), Format.Ms(v.PredictedMs), Format.Percent(v.ErrorPercent),
                v.HeldOut ? "without this point" : "in-sample (the only configuration of its trainer and CPU share)", v.Outside ? "BEYOND" : "");
        }
        return table.Build($"Measured: mean steady ms/step (epochs after the first) over the measured repetitions. Predicted: " +
            $"the model fitted on the mode's other configurations of the same trainer and CPU share per worker (held out), or on this one " +
                $"when it is the only one. " +
                           $"Error = predicted / measured - 1; the model states ±{ModelValidation.StatedErrorPercent:0} %, " +
                               $"and BEYOND marks a point outside it (the checks list it too)." + ClassNote(model));
    }

    /// <summary>For a run of several compute classes: whose the fit is, and that each configuration is judged within its own.</summary>
    private static string ClassNote(RunModel model) =>
        model.Validation.Select(v => v.Class).Distinct().Count() < 2 ? ""
            : $" The fit and the curves are those of {model.Fit.Class}; a configuration of another trainer or CPU share per worker is " +
                "predicted only from the others of its own (or in-sample), since its compute per step differs.";

    public static ReportTable Crossings(RunModel model, IReadOnlyList<BatchCurves> nodes, IReadOnlyList<BatchCurves> gradient)
    {
        var table = new TableBuilder("overhead-crossings", "Extrapolation: where the predicted overhead crosses 10 % and 20 %",
            "Mode", "Against", "Threshold", "Predicted at", "Band (upper edge, lower edge)");
        void Rows(IReadOnlyList<OverheadCurve> curves, string against, Func<double, string> x, string range)
        {
            foreach (var curve in curves)
            {
                foreach (var threshold in OverheadCurve.Thresholds)
                {
                    var c = curve.CrossingOf(threshold);
                    string At(double? value) => value is { } v ? x(v) : $"not within {range}";
                    table.Row(curve.Label, against, Format.Number(threshold, "0") + " %", At(c.At),
                        curve.Points.Any(p => p.High is not null) ? $"{At(c.EarliestInBand)}; {At(c.LatestInBand)}" : Format.None);
                }
            }
        }
        static string Batch(int? batch) => batch is { } b ? Format.Int(b) : Format.None;
        // The gradient's rows name the batch only when there are several (a default run's table reads as before).
        var several = gradient.Count > 1;
        foreach (var (batch, curves) in nodes)
            Rows(curves, $"node count (batch {Batch(batch)})", v => Format.Number(v, "0") + " nodes", "2–256 nodes");
        foreach (var (batch, curves) in gradient)
        {
            Rows(curves, $"gradient size ({Format.Int(model.CurveNodes)} nodes{(several ? $", batch {Batch(batch)}" : "")})",
                v => Format.Number(v / 1e6, "0.###") + " MB", "0.01 MB–10 GB");
        }
        var stated = nodes.Concat(gradient).SelectMany(c => c.Curves).FirstOrDefault(c => !c.Network.IsMeasured)?.Network;
        var network = stated is null ? "measured network"
            : $"measured network, and in the rows named \"stated\" on the network the user stated for the host path ({stated.Label}; " +
                "the other paths keep their measured difference to it)";
        return table.Build("EXTRAPOLATED: the model's prediction beyond the measured points, on the " +
            network + ". The first x at which the predicted overhead reaches the threshold; " +
                           "band: where the 95 % band's upper edge reaches it, and where its lower edge " +
                               "does (bootstrap over rounds; – when too few rounds to resample).");
    }
}
