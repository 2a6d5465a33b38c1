using MathNet.Numerics.Statistics;

namespace Testbed.Analysis.Stats;

/// <summary>Describes a small sample (a handful of repetitions): n, mean, median, spread.</summary>
public sealed record SampleStats(int N, double Mean, double Median, double StandardDeviation, double Min, double Max)
{
    /// <summary>Null for an empty sample: nothing to describe is not a zero.</summary>
    public static SampleStats? Of(IEnumerable<double> values)
    {
        var data = values.ToArray();
        if (data.Length == 0)
            return null;
        // MathNet returns NaN for the standard deviation of one value; one repetition has no spread to show.
        var sd = data.Length > 1 ? data.StandardDeviation() : 0.0;
        return new SampleStats(data.Length, data.Mean(), data.Median(), sd, data.Minimum(), data.Maximum());
    }
}
