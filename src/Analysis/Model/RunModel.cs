using Testbed.Analysis.Results;

namespace Testbed.Analysis.Model;

/// <summary>
/// The cost model of one run, computed once: its measured points, the fit with its bootstrap
/// replicates, and the held-out validation. The report's validation table and the check "cost model
/// off the measurement" read the same <see cref="Validation"/>, so they cannot disagree.
/// </summary>
public sealed record RunModel(IReadOnlyList<StepPoint> Points, CostModel Fit, IReadOnlyList<ValidationPoint> Validation)
{
    public static RunModel Of(RunManifest manifest, IEnumerable<Repetition> repetitions)
    {
        var points = StepPoints.Of(manifest, repetitions);
        var wire = manifest.Cluster?.Wire ?? [];
        return new RunModel(points, CostModel.Fit(points, wire), ModelValidation.Of(points, wire));
    }

    /// <summary>Why no mode could be modelled (null when one was).</summary>
    public string? Unavailable => Fit.Modes.Count > 0 ? null
        : Fit.Unavailable.Values.FirstOrDefault() ?? "no measured workload has more than one worker: there is no all-reduce to model";

    /// <summary>
    /// The batch per worker the curves are drawn at: the one measured, else the most measured one
    /// (the larger on a tie); null when the run does not record it (compute is then the fitted mean).
    /// </summary>
    public int? CurveBatch => Points.Where(p => p.Batch is not null).GroupBy(p => p.Batch!.Value)
        .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).Select(g => (int?)g.Key).FirstOrDefault();

    /// <summary>
    /// The batches per worker the crossings are stated at: every measured one, smallest first (a sweep over
    /// the batch has a curve per batch, and the smallest is the most communication-bound); the curves'
    /// batch alone when the run records none.
    /// </summary>
    public IReadOnlyList<int?> CrossingBatches
    {
        get
        {
            var measured = Points.Where(p => p.Batch is not null).Select(p => (int?)p.Batch!.Value).Distinct().Order().ToList();
            return measured.Count > 0 ? measured : [CurveBatch];
        }
    }

    /// <summary>The node count the gradient-size curve is drawn at: the largest measured.</summary>
    public int CurveNodes => Points.Where(p => p.Nodes > 1).Select(p => p.Nodes).DefaultIfEmpty(2).Max();

    /// <summary>
    /// Each measured configuration's overhead of <paramref name="mode"/> over native: the means of the
    /// measured ms/step the validation holds (the points the curves are held against).
    /// </summary>
    public IReadOnlyList<MeasuredOverhead> MeasuredOverheads(Mode mode) =>
        Validation.Where(v => v.Mode == mode && v.Class == Fit.Class)
            .Select(v => (Point: v, Native: Validation.FirstOrDefault(n => n.Mode == Mode.Native && (n.Scenario, n.Workload) == (v.Scenario, v.Workload))))
            .Where(x => x.Native is not null)
            .Select(x =>
                new MeasuredOverhead(x.Point.Scenario, x.Point.Workload, x.Point.Nodes, x.Point.Batch, x.Point.GradientBytes,
                (x.Point.MeasuredMs / x.Native!.MeasuredMs - 1) * 100))
            .ToList();
}

/// <summary>A measured configuration's overhead over native (mean ms/step of each mode), in percent.</summary>
public sealed record MeasuredOverhead(string Scenario, string Workload, int Nodes, int? Batch, double GradientBytes, double Percent);
