using System.Text.Json;
using Testbed.Analysis.Model;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Summary;

/// <summary>
/// One sweep of a run (issue 24): the scenarios that are points of one grid, found by the
/// <c>point</c> the manifest's definition of each holds, with what each point measured. The report
/// plots every quantity against the swept axis.
/// </summary>
public sealed record SweepSummary(string Name, bool SweepsNodes, bool SweepsBatch, IReadOnlyList<SweepRow> Rows)
{
    public static IReadOnlyList<SweepSummary> Of(RunManifest manifest, IReadOnlyList<ScenarioSummary> scenarios, RunModel model)
    {
        var points = manifest.Experiments.Select(e => (e.Name, Point: PointOf(e.Definition))).Where(x => x.Point is not null).ToList();
        return points.GroupBy(p => p.Point!.Value.Sweep).Select(group =>
        {
            var rows = group.Select(p => scenarios.FirstOrDefault(s => s.Name == p.Name) is { } s ? Row(s, p.Point!.Value, model) : null)
                .OfType<SweepRow>().OrderBy(r => r.Nodes).ThenBy(r => r.Batch).ToList();
            return new SweepSummary(group.Key, group.Any(p => p.Point!.Value.Nodes is not null), group.Any(p => p.Point!.Value.Batch is not null), rows);
        }).Where(s => s.Rows.Count > 0).ToList();
    }

    private static SweepRow Row(ScenarioSummary s, (string Sweep, int? Nodes, int? Batch) point, RunModel model)
    {
        var steps = model.Points.Where(p => p.Scenario == s.Name).ToList();
        double? Mean(Mode mode, Func<StepPoint, double> of) => steps.Where(p => p.Mode == mode).Select(of).DefaultIfEmpty(double.NaN).Average() is var v
            && double.IsFinite(v) ? v : null;
        return new SweepRow(s.Name, point.Nodes ?? s.Workers, point.Batch ?? steps.Select(p => p.Batch).FirstOrDefault(b => b is not null),
            s.Modes.ToDictionary(m => m, m => Mean(m, p => p.MsPerStep)),
            s.Modes.ToDictionary(m => m, m => Mean(m, p => p.AllReduceMs)),
            s.StepOverhead);
    }

    /// <summary>definition.point {sweep, nodes, batchPerWorker}, as the orchestration records a sweep's point; null outside sweeps.</summary>
    internal static (string Sweep, int? Nodes, int? Batch)? PointOf(JsonElement definition)
    {
        if (definition.ValueKind != JsonValueKind.Object || !definition.TryGetProperty("point", out var point)
            || point.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (!point.TryGetProperty("sweep", out var sweep) || sweep.GetString() is not { Length: > 0 } name) return null;
        int? Int(string field) => point.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;
        return (name, Int("nodes"), Int("batchPerWorker"));
    }
}

/// <summary>
/// What one point of a sweep measured: mean steady ms/step and all-reduce ms per mode (the cost
/// model's points: epochs after the first), and the paired steady-step overhead with its interval.
/// </summary>
public sealed record SweepRow(string Scenario, int Nodes, int? Batch, IReadOnlyDictionary<Mode, double?> MsPerStep,
    IReadOnlyDictionary<Mode, double?> AllReduceMs, Overhead? StepOverhead);
