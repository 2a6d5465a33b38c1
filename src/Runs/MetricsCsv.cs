using System.Globalization;

namespace Testbed.Runs;

/// <summary>
/// metrics.csv, written row by row while a repetition runs and read strictly afterwards. Hand-made
/// on purpose: the columns are fixed here, and a generic CSV loader would guess types (float32 for
/// byte counters) instead of failing on a bad row.
/// </summary>
public static class MetricsCsv
{
    public static IReadOnlyList<string> Columns { get; } =
        ["timestamp_utc", "elapsed_seconds", "workload", "rank", "node", "cpu_percent", "memory_bytes", "net_rx_bytes", "net_tx_bytes", "wire_rx_bytes",
            "wire_tx_bytes",
         "cpu_periods", "cpu_throttled_periods", "cpu_throttled_seconds", "page_faults"];

    /// <summary>
    /// How many of the columns each layout has, the current one first: before the throttling and
    /// page-fault columns (11), before the wire counters (9). What a layout lacks reads as missing.
    /// </summary>
    private static readonly int[] Layouts = [15, 11, 9];

    public static string Header { get; } = string.Join(',', Columns);

    public static string Row(MetricSample s) => string.Join(',',
        s.TimestampUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        s.ElapsedSeconds.ToString("0.000", CultureInfo.InvariantCulture),
        s.Workload,
        s.Rank.ToString(CultureInfo.InvariantCulture),
        s.Node,
        s.CpuPercent?.ToString("0.0", CultureInfo.InvariantCulture) ?? "",
        s.MemoryBytes?.ToString(CultureInfo.InvariantCulture) ?? "",
        s.NetRxBytes.ToString(CultureInfo.InvariantCulture),
        s.NetTxBytes.ToString(CultureInfo.InvariantCulture),
        s.WireRxBytes?.ToString(CultureInfo.InvariantCulture) ?? "",
        s.WireTxBytes?.ToString(CultureInfo.InvariantCulture) ?? "",
        s.CpuPeriods?.ToString(CultureInfo.InvariantCulture) ?? "",
        s.CpuThrottledPeriods?.ToString(CultureInfo.InvariantCulture) ?? "",
        s.CpuThrottledSeconds?.ToString("0.000000", CultureInfo.InvariantCulture) ?? "",
        s.PageFaults?.ToString(CultureInfo.InvariantCulture) ?? "");

    /// <exception cref="RunFormatException">The header is no layout's, or a row is malformed (line and column named).</exception>
    public static IReadOnlyList<MetricSample> Read(string path) =>
        CsvRows.Read(path, Columns, Layouts).Select(row => new MetricSample(row.Time(0), row.Double(1), row.Text(2), row.Int(3), row.Text(4),
            row.OptionalDouble(5), row.OptionalLong(6), row.Long(7), row.Long(8))
        {
            WireRxBytes = row.OptionalLong(9),
            WireTxBytes = row.OptionalLong(10),
            CpuPeriods = row.OptionalLong(11),
            CpuThrottledPeriods = row.OptionalLong(12),
            CpuThrottledSeconds = row.OptionalDouble(13),
            PageFaults = row.OptionalLong(14),
        }).ToList();
}
