using Testbed.Analysis.Results;

namespace Testbed.Analysis.Reproduction;

/// <summary>
/// What one workload's training produced in one mode of one scenario, repetition by repetition
/// (measured ones only): the numbers the same seeds, CPU and thread count must reproduce bit for
/// bit. Loss and accuracy per epoch are the chief's (already averaged over ranks).
/// </summary>
public sealed record TrainingOutcome(string Scenario, string Workload, Mode Mode, IReadOnlyList<RepetitionOutcomeValues> Repetitions)
{
    /// <summary>Every workload of every scenario in both modes, in a stable order (scenario, workload, mode).</summary>
    public static IReadOnlyList<TrainingOutcome> Of(RunFolder folder) =>
        folder.Repetitions
            .Where(r => r.IsMeasured)
            .SelectMany(r => r.Workloads.Select(w => (r.Scenario, Workload: w.Key, r.Mode, Values: RepetitionOutcomeValues.Of(r.Index, w.Value))))
            .GroupBy(x => (x.Scenario, x.Workload, x.Mode))
            .OrderBy(g => g.Key.Scenario, StringComparer.Ordinal).ThenBy(g => g.Key.Workload, StringComparer.Ordinal).ThenBy(g => g.Key.Mode)
            .Select(g => new TrainingOutcome(g.Key.Scenario, g.Key.Workload, g.Key.Mode, g.Select(x => x.Values).OrderBy(v => v.Repetition).ToList()))
            .ToList();
}

/// <summary>One measured repetition's end state of one workload.</summary>
/// <param name="WeightsHashes">Distinct final hashes over the ranks (one, unless the ranks disagree).</param>
public sealed record RepetitionOutcomeValues(int Repetition, IReadOnlyList<string> WeightsHashes, IReadOnlyList<double> Loss, IReadOnlyList<double> Accuracy,
    double? TestAccuracy)
{
    internal static RepetitionOutcomeValues Of(int repetition, IReadOnlyList<WorkerLog> workers)
    {
        var chief = workers.FirstOrDefault(w => w.Rank == 0);
        var epochs = chief?.Epochs.OrderBy(e => e.Epoch).ToList() ?? [];
        return new RepetitionOutcomeValues(
            repetition,
            workers.Select(w => w.Final?.WeightsHash).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList(),
            epochs.Select(e => e.Loss).ToList(),
            epochs.Select(e => e.Accuracy).ToList(),
            chief?.Final?.TestAccuracy);
    }
}
