using System.Globalization;

namespace Testbed.Analysis.Stats;

/// <summary>How numbers read in every table and chart label: invariant culture, fixed decimals.</summary>
public static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public const string None = "–";

    public static string Seconds(double? s) => s is { } v ? v.ToString("0.00", Invariant) : None;

    public static string Ms(double? ms) => ms is { } v ? v.ToString("0.0", Invariant) : None;

    public static string Ratio(double r) => r.ToString("0.000", Invariant);

    public static string Percent(double p) => p.ToString("+0.0;-0.0;0.0", Invariant) + " %";

    public static string SignedSeconds(double s) => s.ToString("+0.00;-0.00;0.00", Invariant) + " s";

    public static string PercentInterval(Interval i) =>
        $"[{i.Low.ToString("+0.0;-0.0;0.0", Invariant)}, {i.High.ToString("+0.0;-0.0;0.0", Invariant)}] %";

    /// <summary>An overhead's interval as its sample size allows: none below 2, marked unreliable at 2.</summary>
    public static string OverheadInterval(Overhead o) => o.Quality switch
    {
        IntervalQuality.TooFew => "(n too small for an interval)",
        IntervalQuality.Unreliable => $"{PercentInterval(o.PercentInterval!.Value)} (unreliable: n = {o.N})",
        _ => PercentInterval(o.PercentInterval!.Value),
    };

    public static string Fraction(double? f) => f is { } v ? v.ToString("0.000", Invariant) : None;

    public static string Number(double v, string format = "0.0") => v.ToString(format, Invariant);

    public static string Number(double? v, string format = "0.0") => v is { } value ? Number(value, format) : None;

    public static string Int(int v) => v.ToString(Invariant);
}
