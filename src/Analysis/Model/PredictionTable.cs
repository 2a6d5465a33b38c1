using System.Text;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Model;

/// <summary>Predict's printout: the fitted parameters per mode, then one row per node count and mode.</summary>
public static class PredictionTable
{
    public static string Render(string runId, CostModel model, PredictRequest request)
    {
        if (model.Modes.Count == 0)
        {
            throw new ArgumentException($"run {runId}: no mode can be modelled: " +
                string.Join("; ", model.Unavailable.Select(u => $"{u.Key.ToName()}: {u.Value}"))
                    + ". Predict needs a run on 2 or more nodes with cluster.wire measured.");
        }
        if (request.Batch is not null && model.Modes.Values.Any(m => m.ComputeMsPerSample is null))
        {
            throw new ArgumentException($"--batch: run {runId} does not record its batch per " +
                $"worker (experiment definition), so compute cannot be scaled; leave --batch out.");
        }
        var batches = model.Modes.Values.Select(m => m.MeasuredBatch).Distinct().ToList();
        var batch = request.Batch ?? (batches.Count == 1 ? batches[0] : null);
        if (batch is null && model.Modes.Values.Any(m => m.ComputeMsPerSample is not null))
        {
            throw new ArgumentException($"--batch: run {runId} measured several batch sizes " +
                $"({string.Join(", ", model.Points.Select(p => p.Batch).Distinct().Order())}); say which with --batch.");
        }

        var text = new StringBuilder();
        text.AppendLine($"Predicted step per mode from run {runId} ({model.Points.Count} measured workload-repetitions, " +
            $"{model.Replicates.Count} bootstrap replicates; bands are 95 % over rounds, the model's own error is in the report's validation).");
        foreach (var cost in model.Modes.Values)
        {
            text.AppendLine($"  {cost.Mode.ToName()}: latency {Format.Number(cost.Path.LatencySeconds * 1e6)} us " +
                $"per message ({(cost.LatencyFitted ? "fitted" : "half the measured round trip")}), " +
                            $"bandwidth {Format.Number(cost.Path.BandwidthBytesPerSecond * 8 / 1e9, "0.00")} Gbit/s (measured), " +
                                $"per-byte cost {Format.Number(cost.Path.ReductionSecondsPerByte * 1e9, "0.00")} ns (fitted), " +
                            $"gradient {Format.Number(cost.GradientBytes / 1e6, "0.000")} MB, compute {Format.Ms(cost.ComputeMs(batch))} ms " +
                                $"+ other {Format.Ms(cost.OtherMs)} ms at batch {(batch is { } b ? Format.Int(b) : Format.None)}");
        }
        foreach (var (mode, why) in model.Unavailable) text.AppendLine($"  {mode.ToName()}: not modelled: {why}");
        if (!request.Network.IsMeasured)
        {
            text.AppendLine($"  stated network (host path): {Format.Number(request.Network.BandwidthBytesPerSecond * 8 / 1e9, "0.00")} Gbit/s, " +
                $"round trip {Format.Number(request.Network.RttSeconds * 1e6)} us; other paths keep their measured difference to the host path");
        }
        var measuredNodes = model.Points.Select(p => p.Nodes).Distinct().Order().ToList();
        text.AppendLine($"  measured node counts: {string.Join(", ", measuredNodes)}; other counts are extrapolation.");
        text.AppendLine();
        text.AppendLine("| nodes | mode | ms/step | band | scaling efficiency | band | overhead vs native | band |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var nodes in request.Nodes)
        {
            foreach (var p in Predictor.Predict(model, nodes, batch, request.GradientBytes, request.Network))
            {
                text.AppendLine($"| {nodes}{(measuredNodes.Contains(nodes) ? "" : " (extrapolated)")} | " +
                    $"{p.Mode.ToName()} | {Format.Ms(p.MsPerStep.Value)} | {Band(p.MsPerStep, "0.0")} | " +
                                $"{Format.Fraction(p.Efficiency.Value)} | {Band(p.Efficiency, "0.000")} | " +
                                    $"{(p.OverheadPercent is { } o ? Format.Percent(o.Value) : Format.None)} | " +
                                    $"{(p.OverheadPercent is { } b ? Band(b, "+0.0;-0.0;0.0") : Format.None)} |");
            }
        }
        return text.ToString();
    }

    private static string Band(Estimate e, string format) =>
        e.Band is { } b ? $"[{Format.Number(b.Low, format)}, {Format.Number(b.High, format)}]" : Format.None;
}
