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

    /// <summary>Columns a folder written before them lacks: read as missing.</summary>
    private static readonly string[] Optional =
        ["wire_rx_bytes", "wire_tx_bytes", "cpu_periods", "cpu_throttled_periods", "cpu_throttled_seconds", "page_faults"];

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

    /// <exception cref="RunFormatException">The header lacks a column, or a row is malformed (line named).</exception>
    public static IReadOnlyList<MetricSample> Read(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()
            ?? throw new RunFormatException(path, $"empty; expected the header '{Header}'.");
        var names = header.Split(',').Select(n => n.Trim()).ToArray();
        var index = Columns.ToDictionary(c => c, c => Array.IndexOf(names, c));
        var absent = index.Where(p => p.Value < 0 && !Optional.Contains(p.Key)).Select(p => p.Key).ToList();
        if (absent.Count > 0)
            throw new RunFormatException(path, $"header lacks {string.Join(", ", absent)}; expected '{Header}', found '{header}'.");

        var samples = new List<MetricSample>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            if (cells.Length != names.Length)
                throw new RunFormatException(path, $"line {lineNumber}: expected {names.Length} cells, found {cells.Length}.");
            string Cell(string column) => index[column] < 0 ? "" : cells[index[column]];
            try
            {
                samples.Add(new MetricSample(
                    DateTimeOffset.Parse(Cell("timestamp_utc"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                    double.Parse(Cell("elapsed_seconds"), CultureInfo.InvariantCulture),
                    Cell("workload"),
                    int.Parse(Cell("rank"), CultureInfo.InvariantCulture),
                    Cell("node"),
                    Cell("cpu_percent") is { Length: > 0 } cpu ? double.Parse(cpu, CultureInfo.InvariantCulture) : null,
                    Cell("memory_bytes") is { Length: > 0 } memory ? long.Parse(memory, CultureInfo.InvariantCulture) : null,
                    long.Parse(Cell("net_rx_bytes"), CultureInfo.InvariantCulture),
                    long.Parse(Cell("net_tx_bytes"), CultureInfo.InvariantCulture))
                {
                    WireRxBytes = Cell("wire_rx_bytes") is { Length: > 0 } rx ? long.Parse(rx, CultureInfo.InvariantCulture) : null,
                    WireTxBytes = Cell("wire_tx_bytes") is { Length: > 0 } tx ? long.Parse(tx, CultureInfo.InvariantCulture) : null,
                    CpuPeriods = OptionalLong(Cell("cpu_periods")),
                    CpuThrottledPeriods = OptionalLong(Cell("cpu_throttled_periods")),
                    CpuThrottledSeconds = Cell("cpu_throttled_seconds") is { Length: > 0 } throttled ? double.Parse(throttled, CultureInfo.InvariantCulture)
                        : null,
                    PageFaults = OptionalLong(Cell("page_faults")),
                });
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new RunFormatException(path, $"line {lineNumber}: expected invariant-culture numbers and an ISO 8601 time; {e.Message}", e);
            }
        }
        return samples;
    }

    private static long? OptionalLong(string cell) => cell.Length > 0 ? long.Parse(cell, CultureInfo.InvariantCulture) : null;
}
