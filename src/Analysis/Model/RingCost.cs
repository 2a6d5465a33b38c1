namespace Testbed.Analysis.Model;

/// <summary>
/// What one message costs on a mode's path and what reducing one byte costs: the three numbers of
/// the ring all-reduce's textbook cost (Thakur, Rabenseifner and Gropp 2005; Patarasuk and Yuan 2009).
/// </summary>
/// <param name="LatencySeconds">Per message, one way (the wire's round trip halved, or fitted: it then holds the software's per-message cost too).</param>
/// <param name="BandwidthBytesPerSecond">The path's throughput (the wire's iperf3 figure).</param>
/// <param name="ReductionSecondsPerByte">Adding a received byte into the local gradient, plus every per-byte cost the path's throughput does not show (copies,
/// sealing).</param>
public sealed record RingParameters(double LatencySeconds, double BandwidthBytesPerSecond, double ReductionSecondsPerByte);

/// <summary>
/// The ring all-reduce of <c>bytes</c> over <c>nodes</c> workers: 2(N-1) steps (reduce-scatter, then
/// all-gather), each one message of bytes/N, so 2(N-1) x latency + 2(N-1)/N x bytes / bandwidth, plus
/// the reduce-scatter's arithmetic on (N-1)/N of the bytes.
/// </summary>
public static class RingCost
{
    public static double AllReduceSeconds(int nodes, double gradientBytes, RingParameters path)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(gradientBytes);
        if (nodes == 1) return 0; // one worker has nothing to exchange
        return LatencyTerm(nodes) * path.LatencySeconds
               + BandwidthTerm(nodes, gradientBytes) / path.BandwidthBytesPerSecond
               + ReductionTerm(nodes, gradientBytes) * path.ReductionSecondsPerByte;
    }

    /// <summary>Messages on the critical path: 2(N-1).</summary>
    public static double LatencyTerm(int nodes) => 2.0 * (nodes - 1);

    /// <summary>Bytes each worker sends: 2(N-1)/N of the gradient.</summary>
    public static double BandwidthTerm(int nodes, double gradientBytes) => 2.0 * (nodes - 1) / nodes * gradientBytes;

    /// <summary>Bytes each worker adds in: (N-1)/N of the gradient.</summary>
    public static double ReductionTerm(int nodes, double gradientBytes) => (nodes - 1.0) / nodes * gradientBytes;

    /// <summary>The gradient size behind a worker's all-reduce traffic per step: sent = 2(N-1)/N x gradient.</summary>
    public static double GradientBytesFromSent(int nodes, double bytesSentPerStep) =>
        nodes > 1 ? bytesSentPerStep * nodes / (2.0 * (nodes - 1)) : double.NaN;
}
