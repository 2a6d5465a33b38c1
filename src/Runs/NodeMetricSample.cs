using System.Globalization;

namespace Testbed.Runs;

/// <summary>
/// One row of nodes.csv (cluster runs): a whole node at one instant, whatever runs on it (workers,
/// engine, sshd). CPU is percent of one core from the node's own cgroup accounting; memory is its
/// cgroup's usage (page cache included); network bytes are its LAN interface's counters,
/// cumulative. The sampler's own CPU (the program that reads all this, on the node) is part of the
/// node's CPU and given beside it, so its cost is seen. A value that could not be read is null (an empty cell).
/// </summary>
public sealed record NodeMetricSample(DateTimeOffset TimestampUtc, double ElapsedSeconds, string Node, double? CpuPercent, long? MemoryBytes, long? NetRxBytes,
    long? NetTxBytes)
{
    /// <summary>The sampler's own CPU on the node since its previous row, in % of one core; null in folders written before it.</summary>
    public double? SamplerCpuPercent { get; init; }

    /// <summary>The node's own CFS quota (a virtual node's CPU share): periods, periods it ran out, time throttled; cumulative, null where not read.</summary>
    public long? CpuPeriods { get; init; }
    public long? CpuThrottledPeriods { get; init; }
    public double? CpuThrottledSeconds { get; init; }
}

public static class NodeMetricsCsv
{
    public static IReadOnlyList<string> Columns { get; } = ["timestamp_utc", "elapsed_seconds", "node", "cpu_percent", "memory_bytes", "net_rx_bytes",
        "net_tx_bytes", "sampler_cpu_percent",
        "cpu_periods", "cpu_throttled_periods", "cpu_throttled_seconds"];

    public static string Header { get; } = string.Join(',', Columns);

    /// <summary>How many of the columns each layout has: the current one, and before the sampler's and the quota's columns (7).</summary>
    private static readonly int[] Layouts = [11, 7];

    public static string Row(NodeMetricSample s) => string.Join(',',
        s.TimestampUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        s.ElapsedSeconds.ToString("0.000", CultureInfo.InvariantCulture),
        s.Node,
        s.CpuPercent?.ToString("0.0", CultureInfo.InvariantCulture) ?? "",
        s.MemoryBytes?.ToString(CultureInfo.InvariantCulture) ?? "",
        s.NetRxBytes?.ToString(CultureInfo.InvariantCulture) ?? "",
        s.NetTxBytes?.ToString(CultureInfo.InvariantCulture) ?? "",
        s.SamplerCpuPercent?.ToString("0.00", CultureInfo.InvariantCulture) ?? "",
        s.CpuPeriods?.ToString(CultureInfo.InvariantCulture) ?? "",
        s.CpuThrottledPeriods?.ToString(CultureInfo.InvariantCulture) ?? "",
        s.CpuThrottledSeconds?.ToString("0.000000", CultureInfo.InvariantCulture) ?? "");

    /// <exception cref="RunFormatException">The header is no layout's, or a row is malformed (line and column named).</exception>
    public static IReadOnlyList<NodeMetricSample> Read(string path) =>
        CsvRows.Read(path, Columns, Layouts).Select(row => new NodeMetricSample(row.Time(0), row.Double(1), row.Text(2), row.OptionalDouble(3),
            row.OptionalLong(4), row.OptionalLong(5), row.OptionalLong(6))
        {
            SamplerCpuPercent = row.OptionalDouble(7),
            CpuPeriods = row.OptionalLong(8),
            CpuThrottledPeriods = row.OptionalLong(9),
            CpuThrottledSeconds = row.OptionalDouble(10),
        }).ToList();
}
