using System.Globalization;

namespace Testbed.Runs;

/// <summary>One moment of the driver's health (driver.csv): how late its pulse thread woke, how long a thread-pool item had waited.</summary>
public sealed record DriverSample(double ElapsedSeconds, double WakeLateMs, double? PoolWaitMs);

/// <summary>
/// driver.csv: the driver's own health through a repetition, a row every 250 ms (the
/// orchestration's DriverPulse writes it). The columns are fixed here for writer and reader.
/// </summary>
public static class DriverCsv
{
    public static IReadOnlyList<string> Columns { get; } = ["elapsed_seconds", "wake_late_ms", "pool_wait_ms", "pool_threads", "pool_pending"];

    public static string Header { get; } = string.Join(',', Columns);

    public static string Row(double elapsedSeconds, double wakeLateMs, double? poolWaitMs, int poolThreads, long poolPending) => string.Join(',',
        elapsedSeconds.ToString("0.000", CultureInfo.InvariantCulture),
        wakeLateMs.ToString("0.0", CultureInfo.InvariantCulture),
        poolWaitMs?.ToString("0.0", CultureInfo.InvariantCulture) ?? "",
        poolThreads.ToString(CultureInfo.InvariantCulture),
        poolPending.ToString(CultureInfo.InvariantCulture));

    /// <exception cref="RunFormatException">The header is not <see cref="Header"/>, or a row is malformed (line named).</exception>
    public static IReadOnlyList<DriverSample> Read(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        if (header != Header)
            throw new RunFormatException(path, $"expected the header '{Header}', found '{header ?? "(empty file)"}'.");
        var samples = new List<DriverSample>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            if (cells.Length != Columns.Count
                || !double.TryParse(cells[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var elapsed)
                || !double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var late))
            {
                throw new RunFormatException(path,
                    $"line {lineNumber}: expected {Columns.Count} cells with numbers for {Columns[0]} and {Columns[1]}, found '{line}'.");
            }
            double? wait = cells[2].Length == 0 ? null
                : double.TryParse(cells[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) ? w
                : throw new RunFormatException(path, $"line {lineNumber}: {Columns[2]} '{cells[2]}' is not a number.");
            samples.Add(new DriverSample(elapsed, late, wait));
        }
        return samples;
    }
}
