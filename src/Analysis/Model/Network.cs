using System.Globalization;

namespace Testbed.Analysis.Model;

/// <summary>
/// A network a user states for the host path, for <c>./build.sh Predict</c> and for the report's
/// extrapolation (<c>./build.sh Report</c>); a null value keeps the run's measured one, so either
/// may be stated alone. Other paths keep their measured difference to the host path (<see cref="ModeCost.On"/>).
/// </summary>
public sealed record Network(double? BandwidthBytesPerSecond, double? RttSeconds)
{
    public const double MaxGbitsPerSecond = 10_000;
    public const double MaxRttMicroseconds = 1_000_000;

    public static Network Measured { get; } = new(null, null);

    public bool IsMeasured => BandwidthBytesPerSecond is null && RttSeconds is null;

    public static Network FromGbitsAndMicroseconds(double? gbitsPerSecond, double? rttMicroseconds) =>
        new(gbitsPerSecond * 1e9 / 8, rttMicroseconds / 1e6);

    /// <summary>
    /// --bandwidth (Gbit/s) and --latency (round trip, us) as given, each checked before any run is
    /// read; <see cref="Measured"/> when neither is given.
    /// </summary>
    /// <exception cref="ArgumentException">A value out of range; the message names the parameter, the value and what is accepted.</exception>
    public static Network Parse(double? bandwidthGbits, double? latencyMicroseconds)
    {
        ValueRange.Check("--bandwidth", bandwidthGbits, 0, MaxGbitsPerSecond, "Gbit/s of the host network", exclusiveLow: true);
        ValueRange.Check("--latency", latencyMicroseconds, 0, MaxRttMicroseconds, "microseconds of round trip on the host network", exclusiveLow: true);
        return FromGbitsAndMicroseconds(bandwidthGbits, latencyMicroseconds);
    }

    /// <summary>"10 Gbit/s, 50 us" as stated; a value not stated is named as the measured one.</summary>
    public string Label =>
        (BandwidthBytesPerSecond is { } b ? $"{Number(b * 8 / 1e9)} Gbit/s" : "measured bandwidth") + ", " +
        (RttSeconds is { } r ? $"{Number(r * 1e6)} us" : "measured round trip");

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>The range check behind every parameter of a prediction, so Predict and Report refuse a value with the same words.</summary>
internal static class ValueRange
{
    public static void Check(string name, double? value, double low, double high, string what, bool exclusiveLow = false)
    {
        if (value is not { } v) return;
        var below = exclusiveLow ? v <= low : v < low;
        if (!double.IsFinite(v) || below || v > high)
        {
            var range = exclusiveLow ? $"above {low.ToString(CultureInfo.InvariantCulture)} and at most {high.ToString(CultureInfo.InvariantCulture)}"
                : $"from {low.ToString(CultureInfo.InvariantCulture)} to {high.ToString(CultureInfo.InvariantCulture)}";
            throw new ArgumentException($"{name}: {v.ToString(CultureInfo.InvariantCulture)} is out of range; expected {what}, {range}.");
        }
    }
}
