namespace Testbed.Analysis.Model;

/// <summary>
/// Predicted against measured ms/step for one measured configuration (scenario, workload, nodes,
/// batch) in one mode. <see cref="HeldOut"/>: the model was fitted without this configuration's
/// points, on its compute class's others (a real prediction); false when the mode has no other of
/// that class (in-sample: it checks the model's shape, compute and other, not its extrapolation).
/// </summary>
/// <param name="Class">The configuration's trainer and CPU share per worker, and so of the points it was predicted from.</param>
public sealed record ValidationPoint(string Scenario, string Workload, Mode Mode, ComputeClass Class, int Nodes, int? Batch, double GradientBytes,
    int N, double MeasuredMs, double PredictedMs, bool HeldOut)
{
    public double ErrorPercent => (PredictedMs / MeasuredMs - 1) * 100;

    public bool Outside => Math.Abs(ErrorPercent) > ModelValidation.StatedErrorPercent;
}

public static class ModelValidation
{
    /// <summary>The error the model claims (issue 24's goal): a point beyond it is said aloud in the report's checks.</summary>
    public const double StatedErrorPercent = 15;

    public static IReadOnlyList<ValidationPoint> Of(IReadOnlyList<StepPoint> points, IReadOnlyList<WirePathEntry> wire)
    {
        var result = new List<ValidationPoint>();
        foreach (var group in points.Where(p => p.Nodes > 1).GroupBy(p => (p.Configuration, p.Mode, p.Class)))
        {
            var (configuration, mode, computeClass) = group.Key;
            // Held out among its compute class only: pooled, PyTorch's 133 ms/step "predicted" ours at 114 ms
            // (+16.6 %), and thesis-dual's workers at 0.3 core "predicted" thesis-single's at 0.6 (+97 %).
            var same = points.Where(p => p.Mode == mode && p.Class == computeClass).ToList();
            var others = same.Where(p => p.Configuration != configuration).ToList();
            var heldOut = others.Any(p => p.Nodes > 1);
            var model = CostModel.Fit(heldOut ? others : same, wire, resamples: 0);
            if (!model.Modes.TryGetValue(mode, out var cost)) continue;
            var gradient = group.Average(p => p.GradientBytes);
            var (scenario, workload, nodes, batch) = configuration;
            result.Add(new ValidationPoint(scenario, workload, mode, computeClass, nodes, batch, gradient, group.Count(),
                group.Average(p => p.MsPerStep), cost.StepMs(nodes, batch, gradient), heldOut));
        }
        return result.OrderBy(v => v.Scenario, StringComparer.Ordinal).ThenBy(v => v.Workload, StringComparer.Ordinal)
            .ThenBy(v => v.Mode.Order()).ToList();
    }
}
