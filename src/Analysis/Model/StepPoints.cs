using System.Text.Json;
using Testbed.Analysis.Results;
using Testbed.Records;

namespace Testbed.Analysis.Model;

/// <summary>Reads a run folder's measured repetitions into <see cref="StepPoint"/>s, one per workload and repetition.</summary>
public static class StepPoints
{
    public static IReadOnlyList<StepPoint> Of(RunFolder run) => Of(run.Manifest, run.Repetitions);

    public static IReadOnlyList<StepPoint> Of(RunManifest manifest, IEnumerable<Repetition> repetitions)
    {
        var points = new List<StepPoint>();
        foreach (var repetition in repetitions.Where(r => r.IsMeasured))
        {
            var trainers = RunFolder.Trainers(manifest, repetition.Scenario);
            foreach (var (workload, workers) in repetition.Workloads.OrderBy(w => w.Key, StringComparer.Ordinal))
            {
                if (Of(repetition, workload, workers, BatchOf(manifest, repetition.Scenario, workload)) is { } point)
                {
                    points.Add(point with
                    {
                        Trainer = trainers.TryGetValue(workload, out var trainer) ? trainer.Name : point.Trainer,
                        CpusPerWorker = NumberOf(manifest, repetition.Scenario, workload, "cpusPerWorker"),
                    });
                }
            }
        }
        return points;
    }

    internal static StepPoint? Of(Repetition repetition, string workload, IReadOnlyList<WorkerLog> workers, int? batch)
    {
        // The first epoch holds start-up (first touches, JIT, the ring's first messages): the model is of the steady step.
        var epochs = workers.Select(w => w.Epochs.Count > 1 ? w.Epochs.Skip(1).ToList() : w.Epochs.ToList()).Where(e => e.Count > 0).ToList();
        if (epochs.Count == 0 || epochs.Count != workers.Count) return null;
        var all = epochs.SelectMany(e => e).ToList();
        var steps = all.Sum(e => (double)e.Steps);
        if (steps <= 0) return null;
        double Mean(Func<EpochRecord, double> of) => all.Sum(e => of(e) * e.Steps) / steps;
        var nodes = all.Max(e => e.WorldSize);
        var sentPerStep = epochs.Average(e => e.Sum(x => (double)x.BytesSent) / e.Sum(x => (double)x.Steps));
        return new StepPoint(repetition.Scenario, workload, repetition.Mode, repetition.Index, repetition.Round, nodes, batch,
            RingCost.GradientBytesFromSent(nodes, sentPerStep), Mean(e => e.ComputeMs), Mean(e => e.AllReduceMs), Mean(e => e.OtherMs), Mean(e => e.MsPerStep));
    }

    /// <summary>batchPerWorker of the workload in the experiment's definition the manifest copied; null when absent.</summary>
    internal static int? BatchOf(RunManifest manifest, string scenario, string workload) =>
        NumberOf(manifest, scenario, workload, "batchPerWorker") is { } batch && batch == Math.Floor(batch) ? (int)batch : null;

    /// <summary>A number field of the workload in the experiment's definition the manifest copied; null when absent.</summary>
    internal static double? NumberOf(RunManifest manifest, string scenario, string workload, string field)
    {
        var experiment = manifest.Experiments.FirstOrDefault(e => e.Name == scenario);
        if (experiment is null || experiment.Definition.ValueKind != JsonValueKind.Object) return null;
        if (!experiment.Definition.TryGetProperty("workloads", out var workloads) || workloads.ValueKind != JsonValueKind.Array) return null;
        foreach (var entry in workloads.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("name", out var name) && name.GetString() == workload &&
                entry.TryGetProperty(field, out var number) && number.ValueKind == JsonValueKind.Number)
            {
                return number.GetDouble();
            }
        }
        return null;
    }
}
