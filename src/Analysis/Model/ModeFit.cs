namespace Testbed.Analysis.Model;

/// <summary>
/// Fits one mode's <see cref="ModeCost"/> on its points, with the path's bandwidth and round trip
/// as measured (manifest cluster.wire). Least squares throughout, so a bootstrap replicate refits
/// in microseconds.
/// </summary>
public static class ModeFit
{
    /// <summary>Below this spread of gradient bytes per message (relative), latency and per-byte cost cannot be told apart.</summary>
    public const double MinimumRelativeSpread = 0.05;

    /// <returns>Null when no point has more than one worker (nothing to fit the ring on).</returns>
    public static ModeCost? Fit(Mode mode, IReadOnlyList<StepPoint> points, double bandwidthBytesPerSecond, double rttSeconds)
    {
        var ring = points.Where(p => p.Nodes > 1 && double.IsFinite(p.GradientBytes) && p.GradientBytes > 0).ToList();
        if (ring.Count == 0) return null;
        var (latency, reduction, fitted) = FitRing(ring, bandwidthBytesPerSecond, rttSeconds);
        var (intercept, slope) = FitCompute(points);
        var batches = points.Select(p => p.Batch).Distinct().ToList();
        return new ModeCost(mode, intercept, slope, points.Average(p => p.OtherMs),
            new RingParameters(latency, bandwidthBytesPerSecond, reduction), rttSeconds, fitted,
            ring.Average(p => p.GradientBytes), batches.Count == 1 ? batches[0] : null);
    }

    /// <summary>
    /// allReduce - bandwidth term = 2(N-1) latency + (N-1)/N bytes x per-byte cost: linear in the two
    /// unknowns. With one message size (one node count and gradient) they are one number, so latency
    /// is half the measured round trip and the per-byte cost takes the rest; a negative fitted
    /// latency (noise on nearly collinear points) falls back the same way.
    /// </summary>
    internal static (double Latency, double Reduction, bool Fitted) FitRing(IReadOnlyList<StepPoint> ring, double bandwidth, double rtt)
    {
        var rows = ring.Select(p => (
            X1: RingCost.LatencyTerm(p.Nodes),
            X2: RingCost.ReductionTerm(p.Nodes, p.GradientBytes),
            Y: p.AllReduceMs / 1000 - RingCost.BandwidthTerm(p.Nodes, p.GradientBytes) / bandwidth)).ToList();
        var perMessage = rows.Select(r => r.X2 / r.X1).ToList();
        if (perMessage.Max() > perMessage.Min() * (1 + MinimumRelativeSpread))
        {
            double s11 = rows.Sum(r => r.X1 * r.X1), s12 = rows.Sum(r => r.X1 * r.X2), s22 = rows.Sum(r => r.X2 * r.X2);
            double s1y = rows.Sum(r => r.X1 * r.Y), s2y = rows.Sum(r => r.X2 * r.Y);
            var det = s11 * s22 - s12 * s12;
            var latency = (s1y * s22 - s2y * s12) / det;
            var reduction = (s11 * s2y - s12 * s1y) / det;
            if (latency >= 0) return (latency, reduction, true);
        }
        var fixedLatency = rtt / 2;
        var rest = rows.Sum(r => r.X2 * (r.Y - r.X1 * fixedLatency)) / rows.Sum(r => r.X2 * r.X2);
        return (fixedLatency, rest, false);
    }

    /// <summary>Compute = intercept + slope x batch over points with a known batch; one batch: proportional; none known: the mean.</summary>
    internal static (double Intercept, double? Slope) FitCompute(IReadOnlyList<StepPoint> points)
    {
        var known = points.Where(p => p.Batch is > 0).ToList();
        if (known.Count == 0) return (points.Average(p => p.ComputeMs), null);
        if (known.Select(p => p.Batch).Distinct().Count() == 1)
            return (0, known.Average(p => p.ComputeMs) / known[0].Batch!.Value);
        double meanX = known.Average(p => (double)p.Batch!.Value), meanY = known.Average(p => p.ComputeMs);
        var slope = known.Sum(p => (p.Batch!.Value - meanX) * (p.ComputeMs - meanY)) / known.Sum(p => Math.Pow(p.Batch!.Value - meanX, 2));
        return (meanY - slope * meanX, slope);
    }
}
