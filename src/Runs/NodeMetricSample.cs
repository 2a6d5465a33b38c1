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

    /// <summary>The header of folders written before the sampler's and the quota's columns.</summary>
    private static readonly string Before = string.Join(',', Columns.Take(7));

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

    /// <exception cref="RunFormatException">The header is not the contract's, or a row is malformed (line named).</exception>
    public static IReadOnlyList<NodeMetricSample> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || (lines[0] != Header && lines[0] != Before))
            throw new RunFormatException(path, $"expected the header '{Header}', found '{(lines.Length == 0 ? "" : lines[0])}'.");
        var samples = new List<NodeMetricSample>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var cells = lines[i].Split(',');
            var expected = lines[0] == Header ? Columns.Count : 7;
            if (cells.Length != expected)
                throw new RunFormatException(path, $"line {i + 1}: expected {expected} cells, found {cells.Length}.");
            try
            {
                samples.Add(new NodeMetricSample(
                    DateTimeOffset.Parse(cells[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                    double.Parse(cells[1], CultureInfo.InvariantCulture), cells[2],
                    cells[3].Length == 0 ? null : double.Parse(cells[3], CultureInfo.InvariantCulture),
                    cells[4].Length == 0 ? null : long.Parse(cells[4], CultureInfo.InvariantCulture),
                    cells[5].Length == 0 ? null : long.Parse(cells[5], CultureInfo.InvariantCulture),
                    cells[6].Length == 0 ? null : long.Parse(cells[6], CultureInfo.InvariantCulture))
                {
                    SamplerCpuPercent = Optional(cells, 7) is { } sampler ? double.Parse(sampler, CultureInfo.InvariantCulture) : null,
                    CpuPeriods = Optional(cells, 8) is { } periods ? long.Parse(periods, CultureInfo.InvariantCulture) : null,
                    CpuThrottledPeriods = Optional(cells, 9) is { } throttled ? long.Parse(throttled, CultureInfo.InvariantCulture) : null,
                    CpuThrottledSeconds = Optional(cells, 10) is { } seconds ? double.Parse(seconds, CultureInfo.InvariantCulture) : null,
                });
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new RunFormatException(path, $"line {i + 1}: expected invariant-culture numbers and an ISO 8601 time; {e.Message}", e);
            }
        }
        return samples;
    }

    private static string? Optional(string[] cells, int index) => cells.Length > index && cells[index].Length > 0 ? cells[index] : null;
}
