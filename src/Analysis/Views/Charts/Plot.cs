using Plotly.NET;
using Testbed.Analysis.Results;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace Testbed.Analysis.Charts;

/// <summary>
/// The few Plotly.NET calls the report's charts share. Plotly.NET's F# members take F# options for
/// every optional argument; null is F#'s None, so those calls pass null for everything unused.
/// </summary>
internal static class Plot
{
    public static GenericChart Bars(string name, IEnumerable<string> keys, IEnumerable<double> values, IEnumerable<double>? errors = null,
        string? colour = null)
    {
        var chart = colour is null
            ? CSharpChart.Column<double, string, string>(values: values, Keys: keys.ToArray(), Name: name)
            : CSharpChart.Column<double, string, string>(values: values, Keys: keys.ToArray(), Name: name, MarkerColor: Color.fromHex(colour));
        return errors is null ? chart : WithYError(chart, errors);
    }

    /// <summary>One floating bar from <paramref name="start"/> to start + value: a step of a waterfall.</summary>
    public static GenericChart FloatingBar(string name, string key, double start, double value, double error, string colour) =>
        WithYError(CSharpChart.Column<double, string,
            string>(values: new[] { value }, Keys: new[] { key }, Name: name, MarkerColor: Color.fromHex(colour), Base: start), [error]);

    public static GenericChart StackedBars(string name, IEnumerable<string> keys, IEnumerable<double> values) =>
        CSharpChart.StackedColumn<double, string, string>(values: values, Keys: keys.ToArray(), Name: name);

    /// <param name="style">A line style other than solid or dashed (the cost model's stated network); overrides <paramref name="dashed"/>.</param>
    public static GenericChart Lines<TX>(string name, IEnumerable<TX> x, IEnumerable<double> y, string? colour = null, bool dashed = false, bool markers = true,
        bool legend = true, StyleParam.DrawingStyle? style = null)
        where TX : IConvertible
    {
        var dash = style ?? (dashed ? StyleParam.DrawingStyle.Dash : StyleParam.DrawingStyle.Solid);
        return colour is null
            ? CSharpChart.Line<TX, double, string>(x: x, y: y, Name: name, ShowMarkers: markers, LineDash: dash, ShowLegend: legend)
            : CSharpChart.Line<TX, double, string>(x: x, y: y, Name: name, ShowMarkers: markers, LineDash: dash, ShowLegend: legend,
                LineColor: Color.fromHex(colour), MarkerColor: Color.fromHex(colour));
    }

    public static GenericChart WithYError(GenericChart chart, IEnumerable<double> errors) =>
        Chart.withYErrorStyle<double, double>(null, null, null, errors.ToArray(), null, null, null, null, null, null, null, null, null).Invoke(chart);

    /// <summary>Error bars of their own length above and below each point (an interval around a ratio is not symmetric).</summary>
    public static GenericChart WithYInterval(GenericChart chart, IEnumerable<double> above, IEnumerable<double> below) =>
        Chart.withYErrorStyle<double, double>(null, null, Microsoft.FSharp.Core.FSharpOption<bool>.Some(false), above.ToArray(), below.ToArray(),
            null, null, null, null, null, null, null, null).Invoke(chart);

    /// <summary>Title, axis titles (null: leave the axes alone, as grids label their panels) and size.</summary>
    public static GenericChart Titled(GenericChart chart, string title, string? xTitle, string? yTitle, int width, int height)
    {
        chart = Chart.withTitle(title, null).Invoke(chart);
        if (xTitle is not null)
            chart = Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(chart, TitleText: xTitle);
        if (yTitle is not null)
            chart = Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: yTitle);
        return Plotly.NET.CSharp.GenericChartExtensions.WithSize(chart, width, height);
    }

    public static GenericChart Combine(IEnumerable<GenericChart> charts) => CSharpChart.Combine(charts);

    /// <summary>Every mode keeps its colour in every chart, so a reader learns them once.</summary>
    public static string Colour(Mode mode) => mode switch
    {
        Mode.Native => "#1f77b4",
        Mode.ContainerHost => "#ff7f0e",
        Mode.ContainerBridge => "#9467bd",
        _ => "#d62728",
    };
}
