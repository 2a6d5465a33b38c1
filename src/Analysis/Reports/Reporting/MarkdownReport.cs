using System.Text;
using Testbed.Analysis.Tables;

namespace Testbed.Analysis.Reporting;

/// <summary>report.md: every table in markdown, charts as PNG images beside it (charts/&lt;id&gt;.png).</summary>
public static class MarkdownReport
{
    public static string Render(ReportDocument document, StaticImages images)
    {
        var md = new StringBuilder();
        md.Append($"# Testbed report: {document.Summary.RunId}\n\n");
        md.Append("Interactive charts: report.html. Every table is also in tables/<id>.csv.\n\n");
        if (!images.Written)
            md.Append($"> **Static images were skipped**: {images.SkippedReason}. The charts are only in report.html.\n\n");
        foreach (var section in document.Sections)
        {
            md.Append($"## {section.Title}\n\n");
            foreach (var block in section.Blocks)
                Append(md, block, images);
        }
        return md.ToString();
    }

    private static void Append(StringBuilder md, ReportBlock block, StaticImages images)
    {
        switch (block)
        {
            case ParagraphBlock p:
                md.Append(p.Emphasis ? $"> **{p.Text}**\n\n" : $"{p.Text}\n\n");
                break;
            case TableBlock { Table: var t }:
                md.Append($"### {t.Title}\n\n").Append(TableRenderers.Markdown(t)).Append('\n');
                if (t.Note is not null)
                    md.Append($"*{t.Note}*\n\n");
                break;
            case ListBlock l:
                foreach (var item in l.Items)
                    md.Append("- ").Append(item.Replace("\n", " ")).Append('\n');
                md.Append('\n');
                break;
            case ChartBlock { Chart: var c }:
                md.Append($"### {c.Title}\n\n");
                if (images.Written)
                    md.Append($"![{c.Title}](charts/{c.Id}.png)\n\n[SVG](charts/{c.Id}.svg). ");
                else
                    md.Append("(static image skipped; see report.html) ");
                md.Append($"*{c.Caption}*\n\n");
                break;
        }
    }
}
