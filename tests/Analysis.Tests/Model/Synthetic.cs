using Testbed.Analysis.Model;

namespace Testbed.Analysis.Tests.Model;

/// <summary>Step points made from known parameters (with seeded noise), for the fit to recover them.</summary>
internal static class Synthetic
{
    public const double Bandwidth = 1e9 / 8 * 8.0; // 8 Gbit/s
    public const double Rtt = 100e-6;

    public static WirePathEntry Wire(string path, double gbits, double rttMicroseconds, params string[] modes) =>
        new(path, modes, "node-1", "node-2", gbits, rttMicroseconds, rttMicroseconds * 1.2, null);

    public static IReadOnlyList<StepPoint> Points(Mode mode, RingParameters path, double computePerSampleMs, double otherMs,
        IEnumerable<(int Nodes, int Batch, double Gradient)> sizes, int rounds, double noise, int seed = 7)
    {
        var random = new Random(seed);
        var points = new List<StepPoint>();
        foreach (var (nodes, batch, gradient) in sizes)
        {
            for (var round = 0; round < rounds; round++)
            {
                double Noisy(double value) => value * (1 + noise * (2 * random.NextDouble() - 1));
                var compute = Noisy(computePerSampleMs * batch);
                var allReduce = Noisy(RingCost.AllReduceSeconds(nodes, gradient, path) * 1000);
                var sent = RingCost.BandwidthTerm(nodes, gradient);
                points.Add(new StepPoint("scale", "w1", mode, round, round, nodes, batch, RingCost.GradientBytesFromSent(nodes, sent),
                    compute, allReduce, otherMs, compute + allReduce + otherMs));
            }
        }
        return points;
    }

    public static readonly (int, int, double)[] Grid =
        [(2, 32, 2e6), (3, 32, 2e6), (4, 32, 2e6), (2, 64, 2e6), (3, 64, 2e6), (4, 64, 2e6), (3, 128, 2e6), (3, 48, 8e5)];
}
