using Testbed.Analysis.Charts;
using Testbed.Analysis.Checks;
using Testbed.Analysis.Model;
using Testbed.Analysis.Reporting;
using Testbed.Analysis.Results;
using Testbed.Analysis.Run;
using Testbed.Analysis.Stats;
using Testbed.Analysis.Tables;
using Testbed.Analysis.Tests.Checks;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Reporting;

/// <summary>The report's cost model (validation table, extrapolation labelled so) and a sweep's section (issue 24).</summary>
[Trait("Tier", "Unit")]
public sealed class CostModelSectionTests : IDisposable
{
    private readonly TempDirectory _results = new();

    public void Dispose() => _results.Dispose();

    private static ReportSection Section(ReportDocument document, string title) => Assert.Single(document.Sections, s => s.Title == title);

    private static ReportTable Table(ReportSection section, string id) => Assert.Single(section.Blocks.OfType<TableBlock>(), b => b.Table.Id == id).Table;

    [Fact]
    public void A_run_on_a_cluster_with_its_wire_measured_gets_the_validation_table_per_mode_and_the_extrapolation_labelled_so()
    {
        var summary = RunSummary.Of(new CheckRunBuilder().Load(_results.Path));
        var model = Section(ReportDocument.For(summary), "Cost model");

        var validation = Table(model, "model-validation");
        var rows = validation.Rows().ToList();
        Assert.Equal(["native", "container"], rows.Select(r => r[2]));
        Assert.All(rows, r => Assert.Equal("3", r[3]));
        // The same numbers the check judges: one computation.
        Assert.Equal(summary.Model!.Validation.Select(v => Format.Percent(v.ErrorPercent)), rows.Select(r => r[8]));
        Assert.All(rows, r => Assert.Contains("in-sample", r[9]));

        var crossings = Table(model, "overhead-crossings");
        Assert.StartsWith("EXTRAPOLATED", crossings.Note);
        Assert.Equal(4, crossings.Rows().Count()); // container: 10 % and 20 %, against nodes and against gradient size
        Assert.All(crossings.Rows(), r => Assert.Matches(@"^(\d+ nodes|[\d.]+ MB|not within .+)$", r[3]));

        var charts = model.Blocks.OfType<ChartBlock>().Select(b => b.Chart).ToList();
        Assert.Equal(["overhead-vs-nodes", "overhead-vs-gradient"], charts.Select(c => c.Id));
        Assert.All(charts, c => Assert.StartsWith("Extrapolated, not measured", c.Caption));
        Assert.All(charts, c => Assert.Contains("EXTRAPOLATED", c.FigureJson));
        // The measured configuration is on the node chart, at its node count.
        Assert.Contains("container (measured)", charts[0].FigureJson);
    }

    [Fact]
    public void The_node_curve_covers_2_to_256_and_crosses_where_the_prediction_first_reaches_the_threshold()
    {
        var summary = RunSummary.Of(new CheckRunBuilder().Load(_results.Path));
        var curve = Assert.Single(OverheadCurve.AgainstNodes(summary.Model!.Fit, summary.Model.CurveBatch));

        Assert.Equal(Mode.Container, curve.Mode);
        Assert.Equal((2.0, 256.0), (curve.Points[0].X, curve.Points[^1].X));
        foreach (var threshold in OverheadCurve.Thresholds)
        {
            var crossing = curve.CrossingOf(threshold);
            var first = curve.Points.FirstOrDefault(p => p.Percent >= threshold);
            Assert.Equal(first?.X, crossing.At);
            if (crossing.At is { } at) Assert.All(curve.Points.Where(p => p.X < at), p => Assert.True(p.Percent < threshold));
        }
    }

    [Fact]
    public void A_point_beyond_the_stated_error_is_marked_in_the_table_and_said_by_the_check_with_the_same_error()
    {
        var summary = RunSummary.Of(new CheckRunBuilder().Load(_results.Path));
        var model = summary.Model!;
        // The fitted model as it is, but one point made 40 % slower than measured: the table and the check must both say it.
        var bent = model with { Validation = [.. model.Validation.Select((v, i) => i == 0 ? v with { PredictedMs = v.MeasuredMs * 1.4 } : v)] };
        var row = ModelTables.Validation(bent).Rows().First();
        Assert.Equal(("+40.0 %", "BEYOND"), (row[8], row[10]));

        var input = new CheckInput(RunFolderOf(summary).Manifest, []) { Model = bent };
        var finding = Assert.Single(new ModelValidationCheck().Run(input));
        Assert.Contains("+40.0 %", finding.Seen);
    }

    [Fact]
    public void A_run_without_a_measured_wire_says_in_one_line_why_it_has_no_cost_model()
    {
        var summary = RunSummary.Of(new CheckRunBuilder { Cluster = false }.Load(_results.Path));
        var model = Section(ReportDocument.For(summary), "Cost model");

        var paragraph = Assert.IsType<ParagraphBlock>(Assert.Single(model.Blocks));
        Assert.Contains("no measured throughput and round trip for the native path", paragraph.Text);
        Assert.Empty(summary.Sweeps);
    }

    [Fact]
    public void A_sweep_gets_a_section_with_each_point_and_charts_against_the_swept_axes()
    {
        string[] points = ["scale-b32", "scale-b64", "scale-b128"];
        var builder = BatchSweep(points);
        var document = ReportDocument.For(RunSummary.Of(builder.Load(_results.Path)));
        var sweep = Section(document, "Sweep scale");

        var table = Table(sweep, "sweep-scale");
        Assert.Equal(points, table.Rows().Select(r => r[0]));
        Assert.Equal(["32", "64", "128"], table.Rows().Select(r => r[2]));
        // Nodes not swept: the measured world size.
        Assert.All(table.Rows(), r => Assert.Equal("3", r[1]));
        Assert.All(table.Rows(), r => Assert.Matches(@"^\d+\.\d$", r[3]));
        var charts = sweep.Blocks.OfType<ChartBlock>().Select(b => b.Chart.Id).ToList();
        Assert.Equal(["sweep-scale-ms-vs-batch", "sweep-scale-overhead-vs-batch"], charts);
        // Every point is still a scenario of its own, and the model validates each.
        Assert.All(points, p => Section(document, $"Scenario {p}"));
        Assert.Equal(6, Table(Section(document, "Cost model"), "model-validation").Rows().Count());
    }

    [Fact]
    public void A_sweep_over_the_batch_states_the_crossings_at_every_measured_batch_smallest_first()
    {
        string[] points = ["scale-b128", "scale-b32", "scale-b64"];
        var builder = BatchSweep(points);
        var summary = RunSummary.Of(builder.Load(_results.Path));
        var crossings = Table(Section(ReportDocument.For(summary), "Cost model"), "overhead-crossings");

        var rows = crossings.Rows().ToList();
        string[] against = ["node count (batch 32)", "node count (batch 64)", "node count (batch 128)",
            "gradient size (3 nodes, batch 32)", "gradient size (3 nodes, batch 64)", "gradient size (3 nodes, batch 128)"];
        // Each axis and batch: the container's 10 % and 20 % rows.
        Assert.Equal(against.SelectMany(a => new[] { a, a }), rows.Select(r => r[1]));
        // Each row is that batch's own curve, not the charts' one repeated.
        var fit = summary.Model!.Fit;
        foreach (var (row, i) in rows.Take(6).Select((r, i) => (r, i)))
        {
            var curve = Assert.Single(OverheadCurve.AgainstNodes(fit, new[] { 32, 64, 128 }[i / 2]));
            var at = curve.CrossingOf(OverheadCurve.Thresholds[i % 2]).At;
            Assert.Equal(at is { } x ? Format.Number(x, "0") + " nodes" : "not within 2–256 nodes", row[3]);
        }
    }

    /// <summary>A run of the sweep "scale" over the batch per worker, one scenario per point named scale-b&lt;batch&gt;.</summary>
    private static CheckRunBuilder BatchSweep(string[] points) => new()
    {
        Scenarios = points,
        Definition = name =>
        {
            var batch = int.Parse(name.Split("-b")[1], System.Globalization.CultureInfo.InvariantCulture);
            return new
            {
                epochs = CheckRunBuilder.Epochs,
                point = new { sweep = "scale", batchPerWorker = batch },
                workloads = new[] { new { name = "w1", batchPerWorker = batch } },
            };
        },
    };

    private RunFolder RunFolderOf(RunSummary summary) => RunFolder.Load(summary.RunPath);
}
