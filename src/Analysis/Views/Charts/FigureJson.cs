using System.Text.Json.Nodes;
using Plotly.NET;

namespace Testbed.Analysis.Charts;

/// <summary>
/// A chart's plotly.js figure ({data, layout}) as JSON, fast. Plotly.NET serialises its default
/// layout template (some 8 KB of nested dynamic objects) through reflection for every chart: 0.3-3 s
/// each on this machine, nearly all of a report's time. The template is the same for every chart,
/// so it is serialised once and grafted into each figure; the rest of a figure takes milliseconds.
/// </summary>
public static class FigureJson
{
    // A chart made the ordinary way carries Plotly.NET's default template (Chart.Invisible does not).
    private static readonly Lazy<JsonNode> DefaultTemplate = new(() =>
        JsonNode.Parse(GenericChart.toFigureJson(Plotly.NET.CSharp.Chart.Column<double, string,
            string>(values: [0.0], Keys: new[] { "" })))!["layout"]!["template"]!);

    /// <summary>Our charts never set a template of their own: every one carries Plotly.NET's default.</summary>
    public static string Of(GenericChart chart)
    {
        var layout = GenericChart.getLayout(chart);
        // The layout object belongs to this chart alone (each ReportChart builds its own figure).
        layout.RemoveProperty("template");
        var figure = JsonNode.Parse(GenericChart.toFigureJson(GenericChart.setLayout(layout, chart)))!;
        figure["layout"]!["template"] = DefaultTemplate.Value.DeepClone();
        return figure.ToJsonString();
    }
}
