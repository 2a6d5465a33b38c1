using Plotly.NET;
using Testbed.Analysis.Model;
using Testbed.Analysis.Stats;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace Testbed.Analysis.Charts;

/// <summary>
/// The cost model's extrapolation: predicted container overhead against node count and gradient size, with bands and the measured points; with a
/// network the user stated, each mode's curve on it beside the measured network's.
/// </summary>
public static class ModelCharts
{
    public static ReportChart OverheadAgainstNodes(RunModel model, IReadOnlyList<OverheadCurve> curves)
    {
        var measured = OnMeasured(curves).Select(c => (c.Mode, Points: model.MeasuredOverheads(c.Mode).Where(p => p.Batch == model.CurveBatch).ToList()))
            .ToList();
        var chart = Curves(curves,
            measured.Select(m => (m.Mode, m.Points.Select(p => ((double)p.Nodes, p.Percent, $"{p.Scenario}/{p.Workload}")).ToList())).ToList());
        chart = Plot.Titled(chart, "EXTRAPOLATED: predicted overhead over native against node count", "nodes (log scale)", "step time over native (%)", 900,
            500);
        chart = Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double,
            string>(chart, TitleText: "nodes (log scale)", AxisType: StyleParam.AxisType.Log);
        return new ReportChart("overhead-vs-nodes", "Extrapolation: predicted overhead against node count",
            $"Extrapolated, not measured: the cost model's ms/step per mode over native's, 2 to 256 nodes, batch " +
                $"{(model.CurveBatch is { } b ? Format.Int(b) : Format.None)} per worker, the measured gradient and network. " +
            "Dashed lines in the mode's colour: the 95 % band (bootstrap over rounds); grey: 10 % and 20 %. " +
                "Markers: the measured configurations at this batch (mean ms/step over native's)." + StatedSentence(curves), chart);
    }

    public static ReportChart OverheadAgainstGradient(RunModel model, IReadOnlyList<OverheadCurve> curves)
    {
        var measured = OnMeasured(curves).Select(c => (c.Mode, model.MeasuredOverheads(c.Mode)
            .Where(p => p.Nodes == model.CurveNodes && p.Batch == model.CurveBatch)
            .Select(p => (p.GradientBytes / 1e6, p.Percent, $"{p.Scenario}/{p.Workload}")).ToList())).ToList();
        var scaled = curves.Select(c => c with { Points = c.Points.Select(p => p with { X = p.X / 1e6 }).ToList() }).ToList();
        var chart = Plot.Titled(Curves(scaled, measured), "EXTRAPOLATED: predicted overhead over native against gradient size", null,
            "step time over native (%)", 900, 500);
        chart = Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double,
            string>(chart, TitleText: "gradient (MB, log scale)", AxisType: StyleParam.AxisType.Log);
        return new ReportChart("overhead-vs-gradient", "Extrapolation: predicted overhead against gradient size",
            $"Extrapolated, not measured: the cost model at {Format.Int(model.CurveNodes)} nodes, batch " +
                $"{(model.CurveBatch is { } b ? Format.Int(b) : Format.None)} per worker, " +
                $"the measured compute and network, for gradients of 0.01 MB to 10 GB. " +
            "Dashed lines in the mode's colour: the 95 % band; grey: 10 % and 20 %. Markers: the measured configurations at this node count and batch." +
                StatedSentence(curves), chart);
    }

    private static IEnumerable<OverheadCurve> OnMeasured(IEnumerable<OverheadCurve> curves) => curves.Where(c => c.Network.IsMeasured);

    /// <summary>The caption's sentence for a network the user stated (Report --bandwidth/--latency); empty without one.</summary>
    private static string StatedSentence(IReadOnlyList<OverheadCurve> curves) =>
        curves.FirstOrDefault(c => !c.Network.IsMeasured)?.Network is { } stated
            ? $" Dash-dot in the mode's colour, named \"stated\": the same prediction with native and the mode on the network the user stated " +
                $"for the host path ({stated.Label}; the other paths keep their measured difference to it); dotted: its 95 % band."
            : "";

    /// <summary>
    /// A line per curve and its band: solid and dashed on the measured network; dash-dot and dotted on a
    /// stated one, in the same colour, so the two predictions of a mode read as a pair.
    /// </summary>
    private static GenericChart Curves(IReadOnlyList<OverheadCurve> curves,
        IReadOnlyList<(Mode Mode, List<(double X, double Y, string Label)> Points)> measured)
    {
        var traces = new List<GenericChart>();
        var anyStated = curves.Any(c => !c.Network.IsMeasured);
        foreach (var curve in curves)
        {
            var colour = Plot.Colour(curve.Mode);
            var onMeasured = curve.Network.IsMeasured;
            var name = onMeasured ? $"{curve.Mode.ToName()} (predicted{(anyStated ? ", measured network" : "")})" : curve.Label;
            var line = onMeasured ? (StyleParam.DrawingStyle?)null : StyleParam.DrawingStyle.DashDot;
            var band = onMeasured ? (StyleParam.DrawingStyle?)null : StyleParam.DrawingStyle.Dot;
            traces.Add(Plot.Lines(name, curve.Points.Select(p => p.X), curve.Points.Select(p => p.Percent), colour, markers: false, style: line));
            if (curve.Points.All(p => p.Low is not null && p.High is not null))
            {
                traces.Add(Plot.Lines($"{curve.Label} band", curve.Points.Select(p => p.X), curve.Points.Select(p => p.Low!.Value), colour,
                    dashed: true, markers: false, legend: false, style: band));
                traces.Add(Plot.Lines($"{curve.Label} band", curve.Points.Select(p => p.X), curve.Points.Select(p => p.High!.Value), colour,
                    dashed: true, markers: false, legend: false, style: band));
            }
        }
        foreach (var (mode, points) in measured.Where(m => m.Points.Count > 0))
        {
            traces.Add(CSharpChart.Point<double, double, string>(x: points.Select(p => p.X), y: points.Select(p => p.Y), Name: $"{mode.ToName()} (measured)",
                MarkerColor: Color.fromHex(Plot.Colour(mode)), MultiText: points.Select(p => p.Label).ToArray()));
        }
        foreach (var threshold in OverheadCurve.Thresholds)
        {
            var xs = curves.SelectMany(c => c.Points.Select(p => p.X)).DefaultIfEmpty(1).ToList();
            traces.Add(Plot.Lines($"{Format.Number(threshold, "0")} %", new[] { xs.Min(), xs.Max() }, [threshold, threshold], "#7f7f7f", dashed: true,
                markers: false, legend: false));
        }
        return Plot.Combine(traces);
    }
}
