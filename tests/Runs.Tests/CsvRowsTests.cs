namespace Testbed.Runs.Tests;

/// <summary>The shape every CSV of a run folder is read in: layouts, cell counts, and errors that name the line and column.</summary>
[Trait("Tier", "Unit")]
public sealed class CsvRowsTests : IDisposable
{
    private static readonly string[] Columns = ["when", "seconds", "count", "late"];

    private readonly string _folder = Directory.CreateTempSubdirectory("testbed-csv-rows-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void An_earlier_layout_reads_and_its_missing_columns_are_missing_not_zero()
    {
        var path = Write("when,seconds,count", "2026-12-06T05:00:00.000Z,1.5,7", "", "2026-12-06T05:00:01.000Z,2.5,");

        var rows = CsvRows.Read(path, Columns, 4, 3).ToList();

        Assert.Equal([2, 4], rows.Select(r => r.LineNumber));
        Assert.Equal((1.5, 7L), (rows[0].Double(1), rows[0].OptionalLong(2)!.Value));
        Assert.Null(rows[0].OptionalDouble(3));
        Assert.Null(rows[1].OptionalLong(2));
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 5, 0, 1, TimeSpan.Zero), rows[1].Time(0));
    }

    [Theory]
    [InlineData("when,seconds", "expected the header 'when,seconds,count,late', found 'when,seconds'")]
    [InlineData("", "found '(empty file)'")]
    public void A_header_of_no_layout_names_the_expected_one(string header, string expected)
    {
        var path = Write(header);

        var error = Assert.Throws<RunFormatException>(() => CsvRows.Read(path, Columns, 4, 3).ToList());

        Assert.Contains(expected, error.Message);
        Assert.Equal(path, error.FilePath);
    }

    [Theory]
    [InlineData("2026-12-06T05:00:00.000Z,1.5,7", "line 3: expected 4 cells, found 3")]
    [InlineData("2026-12-06T05:00:00.000Z,fast,7,1", "line 3: seconds 'fast' is not an invariant-culture number")]
    [InlineData("yesterday,1.5,7,1", "line 3: when 'yesterday' is not an ISO 8601 time")]
    [InlineData("2026-12-06T05:00:00.000Z,,7,1", "line 3: seconds is empty; expected a number")]
    public void A_bad_row_names_its_line_and_column(string row, string expected)
    {
        var path = Write(string.Join(',', Columns), "2026-12-06T05:00:00.000Z,1.5,7,0.1", row);

        var error = Assert.Throws<RunFormatException>(() =>
            CsvRows.Read(path, Columns, 4).Select(r => (r.Time(0), r.Double(1), r.Long(2), r.OptionalDouble(3))).ToList());

        Assert.Contains(expected, error.Message);
    }

    private string Write(params string[] lines)
    {
        var path = Path.Combine(_folder, "table.csv");
        File.WriteAllLines(path, lines);
        return path;
    }
}
