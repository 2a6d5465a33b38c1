namespace Testbed.Analysis.Model;

/// <summary>
/// One mode's fitted step: compute (a line in the batch per worker), the rest of the step outside
/// compute and all-reduce, and the ring's path. Per-step time = compute + other + the all-reduce;
/// the all-reduce the trainer records is the part the step waits for (its exposed part), so the fit
/// is on what is exposed.
/// </summary>
/// <param name="ComputeInterceptMs">Compute at batch 0 (0 when only one batch was measured: compute taken proportional to the batch).</param>
/// <param name="ComputeMsPerSample">Null when the run's batch is unknown: compute is then <see cref="ComputeInterceptMs"/> at any batch and a --batch cannot be
/// predicted.</param>
/// <param name="MeasuredRttSeconds">The wire's round trip the latency was taken from or fitted beside; a stated network replaces it.</param>
/// <param name="LatencyFitted">True when the points held two independent sizes, so latency was fitted rather than taken as half the round trip.</param>
/// <param name="MeasuredBatch">The batch when one was measured (the default of a prediction); null with several or none.</param>
public sealed record ModeCost(
    Mode Mode,
    double ComputeInterceptMs,
    double? ComputeMsPerSample,
    double OtherMs,
    RingParameters Path,
    double MeasuredRttSeconds,
    bool LatencyFitted,
    double GradientBytes,
    int? MeasuredBatch)
{
    public double ComputeMs(int? batch) =>
        batch is { } b && ComputeMsPerSample is { } slope ? ComputeInterceptMs + slope * b : ComputeInterceptMs;

    public double AllReduceMs(int nodes, double gradientBytes) => RingCost.AllReduceSeconds(nodes, gradientBytes, Path) * 1000;

    public double StepMs(int nodes, int? batch, double gradientBytes) => ComputeMs(batch) + OtherMs + AllReduceMs(nodes, gradientBytes);

    /// <summary>
    /// The same mode on another network: the stated one replaces the native path; a container path
    /// keeps what it measured on top of the native one (its bandwidth ratio, its extra round trip),
    /// and the fitted per-message software cost (latency beyond half the round trip) stays.
    /// </summary>
    public ModeCost On(Network network, ModeCost native)
    {
        var bandwidth = network.BandwidthBytesPerSecond is { } b ? b * (Path.BandwidthBytesPerSecond / native.Path.BandwidthBytesPerSecond)
            : Path.BandwidthBytesPerSecond;
        var rtt = network.RttSeconds is { } r ? r + (MeasuredRttSeconds - native.MeasuredRttSeconds) : MeasuredRttSeconds;
        var latency = Path.LatencySeconds - MeasuredRttSeconds / 2 + rtt / 2;
        return this with { Path = Path with { BandwidthBytesPerSecond = bandwidth, LatencySeconds = Math.Max(0, latency) }, MeasuredRttSeconds = rtt };
    }
}
