using System.Globalization;

namespace Testbed.Orchestration.Recovery;

/// <summary>A failed attempt as the restart decision sees it: who failed, how, and how far the workload had come.</summary>
/// <param name="Step">The global step the worker failed at, when known (an injected fault); null otherwise.</param>
/// <param name="EpochsDone">Epochs the workload had finished when it failed.</param>
public sealed record FailedAttempt(int Attempt, int Rank, int? ExitCode, int? Step, int EpochsDone)
{
    /// <summary>Where it failed, in words: the step when known, else after which epoch.</summary>
    public string Point => Step is { } step
        ? $"step {step.ToString(CultureInfo.InvariantCulture)}"
        : $"after epoch {EpochsDone.ToString(CultureInfo.InvariantCulture)}";

    public bool SamePlaceAs(FailedAttempt other) => Rank == other.Rank && ExitCode == other.ExitCode && Point == other.Point;
}

/// <summary>What to do after a workload's attempt failed.</summary>
public abstract record RestartDecision
{
    /// <summary>Start the workload again from <paramref name="From"/> (null: from scratch, no intact checkpoint), passing over <paramref
    /// name="Skipped"/>.</summary>
    public sealed record Restart(CheckpointCandidate? From, IReadOnlyList<string> Skipped) : RestartDecision;

    /// <summary>Give up: the repetition fails with this reason.</summary>
    public sealed record Stop(string Reason) : RestartDecision;
}

/// <summary>
/// The restart decision, as torchrun's --max-restarts makes it, with two limits of our own: a
/// worker that fails at the same place (rank, exit code, step or epoch) twice in a row is a
/// deterministic crash, so the budget is not spent on it; and a damaged checkpoint is passed over
/// for the one before it (or a fresh start when none is left), said aloud.
/// </summary>
public static class RestartPolicy
{
    /// <param name="maxRestarts">The workload's restart budget.</param>
    /// <param name="failures">Every failed attempt so far, oldest first; the last one just failed.</param>
    /// <param name="checkpointsNewestFirst">The workload's checkpoints, as <see cref="CheckpointInspection"/> found them.</param>
    public static RestartDecision Decide(int maxRestarts, IReadOnlyList<FailedAttempt> failures, IReadOnlyList<CheckpointCandidate> checkpointsNewestFirst)
    {
        if (failures.Count == 0) throw new ArgumentException("A decision needs the attempt that failed.", nameof(failures));
        var restartsDone = failures.Count - 1;
        if (restartsDone >= maxRestarts)
        {
            return new RestartDecision.Stop(maxRestarts == 0
                ? "no restart allowed (maxRestarts 0)"
                : $"restart budget spent ({maxRestarts.ToString(CultureInfo.InvariantCulture)} restart{(maxRestarts == 1 ? "" : "s")})");
        }

        var last = failures[^1];
        if (failures.Count >= 2 && last.SamePlaceAs(failures[^2]))
        {
            return new RestartDecision.Stop(
                $"rank {last.Rank.ToString(CultureInfo.InvariantCulture)} failed again at {last.Point} with exit code {Code(last.ExitCode)} (attempts " +
                    $"{failures[^2].Attempt.ToString(CultureInfo.InvariantCulture)} and " +
                    $"{last.Attempt.ToString(CultureInfo.InvariantCulture)}): a deterministic crash, which another restart would repeat");
        }

        var skipped = new List<string>();
        foreach (var candidate in checkpointsNewestFirst)
        {
            if (candidate.Intact) return new RestartDecision.Restart(candidate, skipped);
            skipped.Add($"{candidate.FileName}: {candidate.Problem}");
        }
        return new RestartDecision.Restart(null, skipped);
    }

    private static string Code(int? exitCode) => exitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown";
}
