using Testbed.Analysis.Results;

namespace Testbed.Analysis.Summary;

/// <summary>
/// One restart of one workload: the failure before it (which worker, why, at which step), where the
/// workload resumed, the steps trained twice, the recovery time, and whether the workload still
/// ended with the weights an uninterrupted repetition of the same length ended with.
/// </summary>
/// <param name="UninterruptedHash">The chief's final weights hash in a repetition of this run with no restart and the same epochs (either mode: they are
/// bit-identical); null when the run has none.</param>
public sealed record RecoveryRow(
    Mode Mode, int Repetition, bool Warmup, string Workload, int Attempt,
    int FailedRank, string FailedNode, string Cause, bool Injected, int? Step,
    int? ResumedFromEpoch, int? StepsLost, bool StepsLostIsLowerBound, double? RecoverySeconds,
    string Outcome, string? FinalHash, string? UninterruptedHash)
{
    public bool? SameWeights => FinalHash is null || UninterruptedHash is null ? null : FinalHash == UninterruptedHash;
}

internal static class RecoveryRows
{
    public static IReadOnlyList<RecoveryRow> Of(IReadOnlyList<Repetition> repetitions)
    {
        var rows = new List<RecoveryRow>();
        foreach (var repetition in repetitions.Where(r => r.Status is not null))
        {
            foreach (var workload in repetition.Status!.Workloads.Where(w => w.Attempts.Count > 1))
            {
                var chief = repetition.Workloads.GetValueOrDefault(workload.Name)?.FirstOrDefault(w => w.Rank == 0)?.Final;
                var uninterrupted = chief is null ? null : Uninterrupted(repetitions, workload.Name, chief.Epochs);
                foreach (var attempt in workload.Attempts.Skip(1))
                {
                    var failure = workload.Attempts[attempt.Attempt - 1].Failure;
                    var last = attempt.Attempt == workload.Attempts.Count - 1;
                    rows.Add(new RecoveryRow(repetition.Mode, repetition.Index, repetition.IsWarmup, workload.Name, attempt.Attempt,
                        failure?.Rank ?? -1, failure?.Node ?? "", failure?.Reason ?? "unknown",
                        workload.Attempts[attempt.Attempt - 1].InjectedFault is not null, failure?.Step,
                        attempt.ResumedFromEpoch, attempt.StepsLost, attempt.StepsLostIsLowerBound, attempt.RecoverySeconds,
                        last ? (attempt.Failure is null ? "finished" : $"failed again ({attempt.Failure.Reason})") : "failed again",
                        last && attempt.Failure is null ? chief?.WeightsHash : null, uninterrupted));
                }
            }
        }
        return rows;
    }

    private static string? Uninterrupted(IReadOnlyList<Repetition> repetitions, string workload, int epochs) =>
        repetitions
            .Where(r => r.State == RepetitionState.Succeeded && r.Restarts == 0)
            .Select(r => r.Workloads.GetValueOrDefault(workload)?.FirstOrDefault(w => w.Rank == 0)?.Final)
            .FirstOrDefault(f => f is not null && f.Epochs == epochs)?.WeightsHash;
}
