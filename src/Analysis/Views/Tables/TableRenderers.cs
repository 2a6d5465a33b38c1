using System.Net;
using System.Text;
using Microsoft.Data.Analysis;

namespace Testbed.Analysis.Tables;

/// <summary>Writes a <see cref="ReportTable"/> as markdown, HTML or CSV.</summary>
public static class TableRenderers
{
    public static string Markdown(ReportTable table)
    {
        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", table.Headers.Select(EscapeMarkdown)).Append(" |\n");
        sb.Append('|').AppendJoin("", table.Headers.Select(_ => "---|")).Append('\n');
        foreach (var row in table.Rows())
            sb.Append("| ").AppendJoin(" | ", row.Select(EscapeMarkdown)).Append(" |\n");
        return sb.ToString();
    }

    public static string Html(ReportTable table)
    {
        var sb = new StringBuilder();
        sb.Append($"<table id=\"table-{WebUtility.HtmlEncode(table.Id)}\">\n<thead><tr>");
        foreach (var h in table.Headers)
            sb.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows())
        {
            sb.Append("<tr>");
            foreach (var cell in row)
                sb.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            sb.Append("</tr>\n");
        }
        return sb.Append("</tbody>\n</table>\n").ToString();
    }

    /// <summary>Writes tables/&lt;id&gt;.csv through Microsoft.Data.Analysis, with the invariant culture.</summary>
    public static string WriteCsv(ReportTable table, string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, table.Id + ".csv");
        DataFrame.SaveCsv(table.Frame, path, separator: ',', header: true, encoding: new UTF8Encoding(false),
            cultureInfo: System.Globalization.CultureInfo.InvariantCulture);
        return path;
    }

    private static string EscapeMarkdown(string cell) => cell.Replace("|", "\\|").Replace("\n", " ");
}
