using System.Net;
using System.Text;
using Testbed.Analysis.Charts;
using Testbed.Analysis.Tables;

namespace Testbed.Analysis.Reporting;

/// <summary>
/// report.html: one self-contained page that works offline. plotly.js is embedded once in the head;
/// each chart is a div plus a Plotly.newPlot call with its figure JSON. No http(s) script or style.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
        table { border-collapse: collapse; margin: 0.5em 0 0.3em; font-size: 0.9em; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; }
        th { background: #f0f3f8; }
        .note { color: #555; font-size: 0.85em; }
        .warning { background: #fff3cd; border-left: 4px solid #d39e00; padding: 0.5em; }
        figure { margin: 1em 0; }
        """;

    public static string Render(ReportDocument document, StaticImages images)
    {
        var html = new StringBuilder();
        var title = WebUtility.HtmlEncode($"Testbed report: {document.Summary.RunId}");
        html.Append($"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n");
        html.Append($"<style>\n{Style}</style>\n");
        html.Append("<script>\n").Append(PlotlyJs.Script).Append("\n</script>\n</head>\n<body>\n");
        html.Append($"<h1>{title}</h1>\n");
        if (!images.Written)
            html.Append($"<p class=\"note\">Static images (PNG/SVG) were skipped: {WebUtility.HtmlEncode(images.SkippedReason)}.</p>\n");
        foreach (var section in document.Sections)
        {
            html.Append($"<h2>{WebUtility.HtmlEncode(section.Title)}</h2>\n");
            foreach (var block in section.Blocks)
                Append(html, block);
        }
        return html.Append("</body>\n</html>\n").ToString();
    }

    private static void Append(StringBuilder html, ReportBlock block)
    {
        switch (block)
        {
            case ParagraphBlock p:
                html.Append(p.Emphasis ? "<p class=\"warning\">" : "<p>").Append(WebUtility.HtmlEncode(p.Text)).Append("</p>\n");
                break;
            case TableBlock { Table: var t }:
                html.Append($"<h3>{WebUtility.HtmlEncode(t.Title)}</h3>\n").Append(TableRenderers.Html(t));
                if (t.Note is not null)
                    html.Append($"<p class=\"note\">{WebUtility.HtmlEncode(t.Note)}</p>\n");
                break;
            case ListBlock l:
                html.Append("<ul>\n");
                foreach (var item in l.Items)
                    html.Append("<li>").Append(WebUtility.HtmlEncode(item)).Append("</li>\n");
                html.Append("</ul>\n");
                break;
            case ChartBlock { Chart: var c }:
                AppendChart(html, c);
                break;
        }
    }

    private static void AppendChart(StringBuilder html, ReportChart chart)
    {
        var id = $"chart-{chart.Id}";
        // "</" cannot appear inside a script element; "<\/" is the same JSON string.
        var figure = chart.FigureJson.Replace("</", "<\\/");
        html.Append($"<figure>\n<div id=\"{id}\" class=\"chart\"></div>\n");
        html.Append($"<figcaption class=\"note\">{WebUtility.HtmlEncode(chart.Title)}. {WebUtility.HtmlEncode(chart.Caption)}</figcaption>\n</figure>\n");
        html.Append($"<script>(function () {{ var figure = {figure}; Plotly.newPlot(\"{id}\", " +
            $"figure.data, figure.layout, {{ responsive: true, displaylogo: false }}); }})();</script>\n");
    }
}
