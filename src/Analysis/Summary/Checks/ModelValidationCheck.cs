using Testbed.Analysis.Model;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Checks;

/// <summary>
/// The cost model (Model/) predicting a measured configuration's ms/step worse than it claims. The
/// model's extrapolations (Predict, the report's overhead curves) are only as good as this: a point
/// outside says where the ring's latency-bandwidth cost does not describe this cluster.
/// </summary>
internal sealed class ModelValidationCheck : ICheck
{
    public string Name => "cost model off the measurement";

    public string Rule =>
        $"a measured configuration's mean ms/step more than {ModelValidation.StatedErrorPercent:0} % from " +
        $"the cost model's prediction (fitted without that configuration when the mode measured others)";

    public IEnumerable<Finding> Run(CheckInput input)
    {
        var validation = input.Model.Validation;
        if (validation.Count == 0)
        {
            var why = input.Model.Fit.Unavailable.Values.FirstOrDefault() ?? "no measured workload has more than one worker";
            yield return Finding.Skipped(this, Place.Run, why);
            yield break;
        }
        foreach (var point in validation.Where(v => v.Outside))
        {
            yield return new Finding(Name, Severity.Warning, new Place(point.Scenario, point.Mode, Workload: point.Workload),
                $"{point.Nodes} nodes, batch {(point.Batch is { } b ? Format.Int(b) : Format.None)}: predicted " +
                    $"{Format.Ms(point.PredictedMs)} ms/step, measured {Format.Ms(point.MeasuredMs)} (n = {point.N}), " +
                $"{Format.Percent(point.ErrorPercent)} " +
                    $"({(point.HeldOut ? "held out of the fit" : "in-sample: the only configuration of its trainer and CPU share in this mode")})",
                "the ring's latency-bandwidth cost with this mode's measured path does not describe " +
                    "this point: the model's predictions and curves near it are not to be trusted",
                "look at the point's compute and all-reduce (step split table): compute changing with the node " +
                    "count (shared cores) or an all-reduce not growing as 2(N-1) messages are the usual causes");
        }
    }
}
