namespace Testbed.Analysis.Model;

/// <summary>
/// A mode's predicted overhead over native along one axis (node count or gradient bytes), everything
/// else held at the run's measured values, with the bootstrap band; and where it first reaches a
/// threshold. On the measured network, or on one the user states (<see cref="Network"/>: native and
/// the mode both on it). Extrapolation beyond the measured points: the report labels it so.
/// </summary>
public sealed record OverheadCurve(Mode Mode, IReadOnlyList<CurvePoint> Points)
{
    /// <summary>The network the curve is on: <see cref="Network.Measured"/> unless the user stated one.</summary>
    public Network Network { get; init; } = Network.Measured;

    /// <summary>The mode's name, and for a stated network that network: "container (stated: 10 Gbit/s, 50 us)".</summary>
    public string Label => Network.IsMeasured ? Mode.ToName() : $"{Mode.ToName()} (stated: {Network.Label})";

    /// <summary>The overheads the report says the crossing of (issue 24: "where it crosses 10 % and 20 %").</summary>
    public static readonly double[] Thresholds = [10, 20];

    /// <summary>2 to 256 nodes: every count, so a crossing is a whole node count.</summary>
    public static IReadOnlyList<int> NodeCounts { get; } = Enumerable.Range(2, 255).ToList();

    /// <summary>10 kB to 10 GB, 20 sizes a decade: the thesis CNN's ~0.1 MB to today's large models.</summary>
    public static IReadOnlyList<double> GradientSizes { get; } = Enumerable.Range(0, 6 * 20 + 1).Select(i => 1e4 * Math.Pow(10, i / 20.0)).ToList();

    /// <param name="network">Null: the run's measured network.</param>
    public static IReadOnlyList<OverheadCurve> AgainstNodes(CostModel model, int? batch, Network? network = null)
    {
        network ??= Network.Measured;
        return Curves(model, network, NodeCounts.Select(n => ((double)n, Predictor.Predict(model, n, batch, null, network))));
    }

    /// <param name="network">Null: the run's measured network.</param>
    public static IReadOnlyList<OverheadCurve> AgainstGradient(CostModel model, int nodes, int? batch, Network? network = null)
    {
        network ??= Network.Measured;
        return Curves(model, network, GradientSizes.Select(bytes => (bytes, Predictor.Predict(model, nodes, batch, bytes, network))));
    }

    private static IReadOnlyList<OverheadCurve> Curves(CostModel model, Network network,
        IEnumerable<(double X, IReadOnlyList<ModePrediction> Predictions)> axis)
    {
        var rows = axis.ToList();
        return ModeNames.All.Where(m => m != Mode.Native && model.Modes.ContainsKey(m) && model.Modes.ContainsKey(Mode.Native))
            .Select(mode => new OverheadCurve(mode, rows.Select(r =>
            {
                var overhead = r.Predictions.First(p => p.Mode == mode).OverheadPercent!;
                return new CurvePoint(r.X, overhead.Value, overhead.Band?.Low, overhead.Band?.High);
            }).ToList()) { Network = network })
            .ToList();
    }

    /// <summary>
    /// Where the predicted overhead first reaches <paramref name="threshold"/> along the axis, and the
    /// same for the band's upper edge (reached first) and lower edge (reached last); null where it is
    /// not reached within the axis.
    /// </summary>
    public Crossing CrossingOf(double threshold)
    {
        double? First(Func<CurvePoint, double?> of) => Points.FirstOrDefault(p => of(p) is { } v && v >= threshold)?.X;
        return new Crossing(threshold, First(p => p.Percent), First(p => p.High), First(p => p.Low));
    }
}

/// <summary>One x of a curve: the predicted overhead (percent) and its 95 % band (null: too few rounds to resample).</summary>
public sealed record CurvePoint(double X, double Percent, double? Low, double? High);

/// <summary>Where a curve first reaches a threshold: the prediction's x, and its band's (the upper edge reaches it first).</summary>
public sealed record Crossing(double Threshold, double? At, double? EarliestInBand, double? LatestInBand);

/// <summary>A batch per worker's overhead curves (one per mode and network) along one axis.</summary>
public sealed record BatchCurves(int? Batch, IReadOnlyList<OverheadCurve> Curves);
