using System.Globalization;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Recovery;

namespace Testbed.Orchestration.Running;

/// <summary>
/// A foreign trainer that refused its input or could not start: by the launch contract
/// (trainers/README.md) exit code 2 means bad input, said on stderr before any training; a trainer
/// that writes records and exits with any other failure before its first one (an import error, a
/// missing file) failed at once. Repeating either in every repetition and mode would only repeat
/// it, so the run stops with the trainer's own words (the build: exit 2).
/// </summary>
public sealed class ForeignTrainerRefusedException(string message) : Exception(message)
{
    public const int BadInputExitCode = 2;

    /// <summary>
    /// The refusal of the first foreign workload whose worker exited with 2, else of one that failed
    /// before its first record, with its log's tail; null when none did.
    /// </summary>
    internal static string? Of(PlannedRepetition repetition, string directory, IReadOnlyDictionary<string, IReadOnlyList<WorkerOutcome>> outcomes)
    {
        foreach (var workload in repetition.Experiment.Workloads.Where(w => w.Trainer.IsForeign))
        {
            if (!outcomes.TryGetValue(workload.Name, out var workers)) continue;
            var folder = Path.Combine(directory, workload.Name);
            var (worker, what, detail) = workers.FirstOrDefault(w => w.ExitCode == BadInputExitCode) is { } refused
                ? (refused, "refused its input", "(bad input, by the launch contract in trainers/README.md)")
                : workload.Trainer.WritesRecords && FailedAtOnce(workers, folder) is { } failed
                    ? (failed, "failed at once", "before writing its first record")
                    : ((WorkerOutcome?)null, "", "");
            if (worker is null) continue;
            var log = RunLayout.WorkerLog(folder, worker.Rank);
            var tail = WorkerLogTail.Read(log, lines: 8, skipBlank: true);
            var command = string.Join(' ', workload.Trainer.Command ?? []);
            var code = worker.ExitCode!.Value.ToString(CultureInfo.InvariantCulture);
            var index = repetition.Experiment.Workloads.ToList().IndexOf(workload).ToString(CultureInfo.InvariantCulture);
            return $"{repetition.Experiment.File}: workloads[{index}].trainer ({workload.Trainer.DisplayName}) {what}: " +
                   $"rank {worker.Rank.ToString(CultureInfo.InvariantCulture)} on {worker.Node} exited with code {code} " +
                   $"{detail} in {repetition.Describe()}. Its last output ({log}):\n  " +
                   (tail.Count == 0 ? "(nothing)" : string.Join("\n  ", tail)) +
                   $"\nFix the command ({command}) or its runtime; no further repetition was run.";
        }
        return null;
    }

    // Signals' codes (128 + n) are the pipeline's stops of ranks whose peer failed: the peer is the one to name.
    private static WorkerOutcome? FailedAtOnce(IReadOnlyList<WorkerOutcome> workers, string folder)
    {
        var early = workers.Where(w => w.ExitCode is { } code && code != 0 && !HasRecord(RunLayout.WorkerRecords(folder, w.Rank))).ToList();
        return early.FirstOrDefault(w => w.ExitCode < 128) ?? early.FirstOrDefault();
    }

    private static bool HasRecord(string path) => File.Exists(path) && File.ReadLines(path).Any(l => l.Trim().Length > 0);
}
