using System.Globalization;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Running;

/// <summary>
/// A foreign trainer that refused its input: by the launch contract (trainers/README.md) exit code 2
/// means bad input, said on stderr before any training. Repeating it in every repetition and mode
/// would only repeat the refusal, so the run stops with the trainer's own words (the build: exit 2).
/// </summary>
public sealed class ForeignTrainerRefusedException(string message) : Exception(message)
{
    public const int BadInputExitCode = 2;

    /// <summary>The refusal of the first foreign workload whose worker exited with 2, with its log's tail; null when none did.</summary>
    internal static string? Of(PlannedRepetition repetition, string directory, IReadOnlyDictionary<string, IReadOnlyList<WorkerOutcome>> outcomes)
    {
        foreach (var workload in repetition.Experiment.Workloads.Where(w => w.Trainer.IsForeign))
        {
            if (!outcomes.TryGetValue(workload.Name, out var workers) || workers.FirstOrDefault(w => w.ExitCode == BadInputExitCode) is not { } refused)
            {
                continue;
            }
            var log = RunLayout.WorkerLog(Path.Combine(directory, workload.Name), refused.Rank);
            var tail = File.Exists(log) ? File.ReadLines(log).Where(l => l.Trim().Length > 0).TakeLast(8).ToList() : [];
            var command = string.Join(' ', workload.Trainer.Command ?? []);
            return $"{repetition.Experiment.File}: " +
                $"workloads[{repetition.Experiment.Workloads.ToList().IndexOf(workload).ToString(CultureInfo.InvariantCulture)}].trainer " +
                   $"({workload.Trainer.DisplayName}) refused its input: rank " +
                       $"{refused.Rank.ToString(CultureInfo.InvariantCulture)} on {refused.Node} exited with code 2 " +
                   $"(bad input, by the launch contract in trainers/README.md) in {repetition.Describe()}. Its last output ({log}):\n  " +
                   (tail.Count == 0 ? "(nothing)" : string.Join("\n  ", tail)) +
                   $"\nFix the command ({command}) or its runtime; no further repetition was run.";
        }
        return null;
    }
}
