using System.Globalization;

namespace Testbed.Orchestration.Planning;

/// <summary>Durations as the precision lines say them: whole minutes from 10 on, tenths below (a smoke round takes 0.6 min, not "0").</summary>
public static class MinutesText
{
    public static string Of(TimeSpan span) =>
        span < TimeSpan.Zero ? "none"
        : span.TotalMinutes >= 10 ? $"{span.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} min"
        : $"{span.TotalMinutes.ToString("0.0", CultureInfo.InvariantCulture)} min";
}
