using Microsoft.Data.Analysis;

namespace Testbed.Analysis.Tables;

/// <summary>
/// One table of the report: a DataFrame of display-ready cells (numbers already formatted with the
/// invariant culture and their unit in the header), so markdown, HTML and CSV show the same text.
/// </summary>
public sealed record ReportTable(string Id, string Title, DataFrame Frame, string? Note = null)
{
    public IReadOnlyList<string> Headers => Frame.Columns.Select(c => c.Name).ToList();

    public IEnumerable<IReadOnlyList<string>> Rows()
    {
        for (long r = 0; r < Frame.Rows.Count; r++)
            yield return Frame.Columns.Select(c => c[r]?.ToString() ?? "").ToList();
    }
}

/// <summary>Collects rows of strings and turns them into a <see cref="ReportTable"/>.</summary>
internal sealed class TableBuilder(string id, string title, params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public TableBuilder Row(params string[] cells)
    {
        if (cells.Length != headers.Length)
            throw new ArgumentException($"table '{id}' has {headers.Length} columns, a row gave {cells.Length}");
        _rows.Add(cells);
        return this;
    }

    public ReportTable Build(string? note = null)
    {
        var columns = headers.Select((h, i) => (DataFrameColumn)new StringDataFrameColumn(h, _rows.Select(r => r[i])));
        return new ReportTable(id, title, new DataFrame(columns), note);
    }
}
