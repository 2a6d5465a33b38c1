using System.Globalization;

namespace Testbed.BuildKit;

internal static class Durations
{
    /// <summary>Seconds below a minute (12.3 s), minutes and seconds above (4:05 min).</summary>
    public static string Format(TimeSpan duration) =>
        duration.TotalSeconds < 60
            ? duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
            : $"{(int)duration.TotalMinutes}:{duration.Seconds:00} min";
}
