using MathNet.Numerics.Statistics;

namespace Testbed.Analysis.Stats;

/// <summary>
/// The robust spread both outlier rules use: 1.4826 × the median absolute deviation, which
/// estimates the standard deviation of normal data without letting the outliers it should find
/// widen it.
/// </summary>
public static class ScaledMad
{
    public const double NormalScale = 1.4826;

    public static double Of(IEnumerable<double> values, double median) =>
        NormalScale * values.Select(v => Math.Abs(v - median)).Median();
}
