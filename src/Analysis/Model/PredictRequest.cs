using System.Globalization;

namespace Testbed.Analysis.Model;

/// <summary>
/// What <c>./build.sh Predict</c> asks: node counts, and optionally a batch per worker, a gradient
/// size and a network. <see cref="Parse"/> checks every value before the run is read and throws
/// <see cref="ArgumentException"/> naming the parameter, what it found and what is accepted.
/// </summary>
public sealed record PredictRequest(IReadOnlyList<int> Nodes, int? Batch, double? GradientBytes, Network Network)
{
    public const int MaxNodes = 4096;
    public const int MaxBatch = 65_536;
    public const double MaxGradientMb = 100_000;

    public static PredictRequest Parse(string nodes, int? batch, double? gradientMb, double? bandwidthGbits, double? latencyMicroseconds)
    {
        if (string.IsNullOrWhiteSpace(nodes))
            throw new ArgumentException("Predict needs --nodes: a comma-separated list of node counts, e.g. --nodes 2,4,8,16.");
        var counts = new List<int>();
        foreach (var item in nodes.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > MaxNodes)
            {
                throw new ArgumentException($"--nodes: '{item}' is not a node count; expected " +
                    $"whole numbers from 1 to {MaxNodes} separated by commas, e.g. --nodes 2,4,8.");
            }
            if (counts.Contains(n))
                throw new ArgumentException($"--nodes: {n} is listed twice; list each node count once.");
            counts.Add(n);
        }
        ValueRange.Check("--batch", batch, 1, MaxBatch, "samples per worker");
        ValueRange.Check("--gradient-mb", gradientMb, 0, MaxGradientMb, "megabytes of gradient (1 MB = 1e6 bytes)", exclusiveLow: true);
        return new PredictRequest(counts, batch, gradientMb * 1e6, Network.Parse(bandwidthGbits, latencyMicroseconds));
    }
}
