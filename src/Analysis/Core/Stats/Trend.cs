using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace Testbed.Analysis.Stats;

/// <summary>
/// A monotone trend of y against x: Kendall's tau with its two-sided p-value (exact, by every
/// permutation of y, up to <see cref="ExactUpTo"/> points; the normal approximation beyond) and the
/// Theil-Sen slope (the median of the pairwise slopes), which a single wild point cannot tilt.
/// </summary>
public sealed record Trend(double Tau, double P, double Slope, int N)
{
    /// <summary>Up to this many points the p-value counts every permutation (8! = 40,320).</summary>
    public const int ExactUpTo = 8;

    /// <summary>Null below 3 points, or when every x is the same.</summary>
    public static Trend? Of(IReadOnlyList<(double X, double Y)> points)
    {
        var n = points.Count;
        if (n < 3) return null;
        var slopes = new List<double>();
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (points[j].X != points[i].X)
                    slopes.Add((points[j].Y - points[i].Y) / (points[j].X - points[i].X));
            }
        }
        if (slopes.Count == 0) return null;
        var x = points.Select(p => p.X).ToArray();
        var y = points.Select(p => p.Y).ToArray();
        var s = S(x, y);
        var pairs = n * (n - 1) / 2.0;
        return new Trend(s / pairs, n <= ExactUpTo ? ExactP(x, y, s) : NormalP(n, s), slopes.Median(), n);
    }

    /// <summary>Kendall's S: concordant minus discordant pairs (ties count 0).</summary>
    private static int S(double[] x, double[] y)
    {
        var s = 0;
        for (var i = 0; i < x.Length; i++)
        {
            for (var j = i + 1; j < x.Length; j++)
                s += Math.Sign(x[j] - x[i]) * Math.Sign(y[j] - y[i]);
        }
        return s;
    }

    /// <summary>The share of all orderings of y whose |S| is at least the observed one (Heap's algorithm).</summary>
    private static double ExactP(double[] x, double[] y, int observed)
    {
        var permutation = (double[])y.Clone();
        var c = new int[permutation.Length];
        long atLeast = 0, total = 0;
        void Count()
        {
            total++;
            if (Math.Abs(S(x, permutation)) >= Math.Abs(observed)) atLeast++;
        }
        Count();
        var i = 0;
        while (i < permutation.Length)
        {
            if (c[i] < i)
            {
                var k = i % 2 == 0 ? 0 : c[i];
                (permutation[k], permutation[i]) = (permutation[i], permutation[k]);
                Count();
                c[i]++;
                i = 0;
            }
            else
            {
                c[i] = 0;
                i++;
            }
        }
        return (double)atLeast / total;
    }

    /// <summary>The normal approximation with a continuity correction (no ties assumed).</summary>
    private static double NormalP(int n, int s)
    {
        var sd = Math.Sqrt(n * (n - 1) * (2 * n + 5) / 18.0);
        var z = Math.Max(0, Math.Abs(s) - 1) / sd;
        return Math.Min(1, 2 * (1 - Normal.CDF(0, 1, z)));
    }
}
