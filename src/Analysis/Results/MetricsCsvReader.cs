using System.Globalization;

namespace Testbed.Analysis.Results;

/// <summary>
/// Reads metrics.csv. Hand-parsed on purpose: the columns are fixed by results/README.md, and a
/// generic CSV loader would guess types (float32 for byte counters) instead of failing on a bad row.
/// </summary>
internal static class MetricsCsvReader
{
    private static readonly string[] Columns =
        ["timestamp_utc", "elapsed_seconds", "workload", "rank", "node", "cpu_percent", "memory_bytes", "net_rx_bytes", "net_tx_bytes"];

    public static IReadOnlyList<MetricSample> Read(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        if (header is null)
            throw new ResultsFormatException(path, $"empty; expected the header '{string.Join(',', Columns)}'.");
        var names = header.Split(',').Select(n => n.Trim()).ToArray();
        var index = Columns.ToDictionary(c => c, c => Array.IndexOf(names, c));
        var absent = index.Where(p => p.Value < 0).Select(p => p.Key).ToList();
        if (absent.Count > 0)
            throw new ResultsFormatException(path, $"header lacks {string.Join(", ", absent)}; expected '{string.Join(',', Columns)}', found '{header}'.");

        var samples = new List<MetricSample>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            var cells = line.Split(',');
            if (cells.Length != names.Length)
                throw new ResultsFormatException(path, $"line {lineNumber}: expected {names.Length} cells, found {cells.Length}.");
            string Cell(string column) => cells[index[column]];
            try
            {
                samples.Add(new MetricSample(
                    DateTimeOffset.Parse(Cell("timestamp_utc"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                    double.Parse(Cell("elapsed_seconds"), CultureInfo.InvariantCulture),
                    Cell("workload"),
                    int.Parse(Cell("rank"), CultureInfo.InvariantCulture),
                    Cell("node"),
                    double.Parse(Cell("cpu_percent"), CultureInfo.InvariantCulture),
                    long.Parse(Cell("memory_bytes"), CultureInfo.InvariantCulture),
                    long.Parse(Cell("net_rx_bytes"), CultureInfo.InvariantCulture),
                    long.Parse(Cell("net_tx_bytes"), CultureInfo.InvariantCulture)));
            }
            catch (FormatException e)
            {
                throw new ResultsFormatException(path, $"line {lineNumber}: expected invariant-culture numbers and an ISO 8601 time; {e.Message}", e);
            }
        }
        return samples;
    }
}
