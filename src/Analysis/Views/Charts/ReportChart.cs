using Plotly.NET;

namespace Testbed.Analysis.Charts;

/// <summary>
/// One chart of the report: <see cref="Id"/> names its files (charts/&lt;id&gt;.png/.svg) and its
/// HTML element; <see cref="Figure"/> is the Plotly.NET chart, rendered by every exporter alike.
/// A class, not a record: a copy made with "with" would carry the old figure's cached JSON.
/// </summary>
public sealed class ReportChart(string id, string title, string caption, GenericChart figure, int width = 900, int height = 500)
{
    private readonly Lazy<string> _figureJson = new(() => Charts.FigureJson.Of(figure));

    public string Id { get; } = id;

    public string Title { get; } = title;

    public string Caption { get; } = caption;

    public GenericChart Figure { get; } = figure;

    public int Width { get; } = width;

    public int Height { get; } = height;

    /// <summary>
    /// The plotly.js figure ({data, layout}) as JSON, the one thing HTML and image export both need.
    /// Computed once, and without re-serialising the shared template (see <see cref="Charts.FigureJson"/>).
    /// </summary>
    public string FigureJson => _figureJson.Value;
}
