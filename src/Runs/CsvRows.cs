using System.Globalization;

namespace Testbed.Runs;

/// <summary>
/// What the run folder's CSV files share (metrics, nodes, driver, host processes): a header, then
/// rows of plain cells (the writers never put a comma in one), blank lines skipped, and every
/// error naming the file, the line and the column. A file that grew columns over time is read in
/// each of its layouts, each the first columns of the current one; cells past a row's layout read
/// as missing, never as 0.
/// </summary>
public static class CsvRows
{
    /// <param name="layouts">How many of <paramref name="columns"/> each accepted header has, the current layout first.</param>
    /// <exception cref="RunFormatException">The header is no layout's, or a row has another count of cells (line named).</exception>
    public static IEnumerable<CsvRow> Read(string path, IReadOnlyList<string> columns, params int[] layouts)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        var count = layouts.FirstOrDefault(n => header == string.Join(',', columns.Take(n)));
        if (count == 0)
        {
            throw new RunFormatException(path,
                $"expected the header '{string.Join(',', columns)}', found '{(header is { Length: > 0 } ? header : "(empty file)")}'.");
        }
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            if (cells.Length != count)
                throw new RunFormatException(path, $"line {lineNumber}: expected {count} cells, found {cells.Length}: '{line}'.");
            yield return new CsvRow(path, lineNumber, cells, columns);
        }
    }
}

/// <summary>One row of a run folder's CSV file; each reader names the error's line and column.</summary>
public readonly record struct CsvRow(string Path, int LineNumber, string[] Cells, IReadOnlyList<string> Columns)
{
    public string Text(int column) => Cells[column];

    public double Double(int column) => OptionalDouble(column) ?? throw Missing(column);

    public long Long(int column) => OptionalLong(column) ?? throw Missing(column);

    public int Int(int column) =>
        int.TryParse(Cells[column], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw Bad(column, "a whole number");

    public DateTimeOffset Time(int column) =>
        DateTimeOffset.TryParse(Cells[column], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value
            : throw Bad(column, "an ISO 8601 time");

    /// <summary>Null for an empty cell or one past the row's layout (a value not recorded); an error for anything else not a number.</summary>
    public double? OptionalDouble(int column) =>
        column >= Cells.Length || Cells[column].Length == 0 ? null
        : double.TryParse(Cells[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
        : throw Bad(column, "an invariant-culture number");

    public long? OptionalLong(int column) =>
        column >= Cells.Length || Cells[column].Length == 0 ? null
        : long.TryParse(Cells[column], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : throw Bad(column, "a whole number");

    private RunFormatException Bad(int column, string expected) =>
        new(Path, $"line {LineNumber}: {Columns[column]} '{Cells[column]}' is not {expected}.");

    private RunFormatException Missing(int column) => new(Path, $"line {LineNumber}: {Columns[column]} is empty; expected a number.");
}
