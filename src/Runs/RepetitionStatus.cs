namespace Testbed.Runs;

/// <summary>How a repetition ended.</summary>
public enum RepetitionOutcome
{
    Succeeded,
    Failed,

    /// <summary>Interrupted (Ctrl+C, SIGTERM) before its workers ended.</summary>
    Incomplete,
}

/// <summary>
/// status.json of one repetition: its outcome, timings and every worker's exit. Written once,
/// when the repetition's workers ended (or were stopped) and everything it created is removed.
/// </summary>
public sealed record RepetitionStatus
{
    public required string Scenario { get; init; }
    public required Mode Mode { get; init; }
    public required int Repetition { get; init; }
    public required bool Warmup { get; init; }
    public required RepetitionOutcome Status { get; init; }
    public required DateTimeOffset StartedUtc { get; init; }
    public required DateTimeOffset EndedUtc { get; init; }
    public required double DurationSeconds { get; init; }
    public required IReadOnlyList<WorkloadStatus> Workloads { get; init; }

    /// <summary>Why it failed (every failing worker, named); null when it succeeded.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// Restarts of all its workloads together (a workload restarts from its checkpoint after a worker
    /// failed). Computed from the attempts; written to status.json for readers, ignored when read.
    /// </summary>
    public int Restarts => Workloads.Sum(w => w.Restarts);

    /// <summary>"succeeded", "succeeded after 1 restart", "failed after 2 restarts", ...</summary>
    public string Describe() => RepetitionWords.Describe(Status, Restarts);

    public void Write(string repetitionDirectory) => RunJson.Write(Path.Combine(repetitionDirectory, RunLayout.StatusFile), this);

    /// <exception cref="RunFormatException">Missing or not following the contract.</exception>
    public static RepetitionStatus Read(string repetitionDirectory) =>
        RunJson.Read<RepetitionStatus>(Path.Combine(repetitionDirectory, RunLayout.StatusFile),
            "the repetition's status.json (scenario, mode, status, workloads)");
}

public sealed record WorkloadStatus(string Name, IReadOnlyList<WorkerStatus> Workers)
{
    /// <summary>When the runner started the workload (before its services or processes were made), by this machine's clock.</summary>
    public DateTimeOffset? LaunchedUtc { get; init; }

    /// <summary>When the runner saw every worker of the workload ended (polled: within about half a second for containers).</summary>
    public DateTimeOffset? EndedUtc { get; init; }

    /// <summary>Every start of the workload's workers, the first one and each restart; empty in folders written before restarts existed.</summary>
    public IReadOnlyList<WorkloadAttempt> Attempts { get; init; } = [];

    /// <summary>Attempts after the first; computed, written to status.json for readers, ignored when read.</summary>
    public int Restarts => Math.Max(0, Attempts.Count - 1);

    /// <summary>The tune phase after training (experiments with a tune phase, when training succeeded); null otherwise.</summary>
    public TuneStatus? Tune { get; init; }

    /// <summary>
    /// What the workload left on a cluster node, each naming the node and where (a folder not
    /// collected, a process not confirmed stopped); the next run's sweep or Teardown --cluster deals
    /// with them. Empty when nothing was left (and in folders written before this existed).
    /// </summary>
    public IReadOnlyList<string> LeftOnNodes { get; init; } = [];
}

/// <summary>
/// A workload's tune phase: every worker started from <see cref="Checkpoint"/>, the chief's final
/// checkpoint of the training phase (--init-from), its files in the workload's tune/ folder.
/// </summary>
public sealed record TuneStatus(string Checkpoint, DateTimeOffset LaunchedUtc, DateTimeOffset EndedUtc, IReadOnlyList<WorkerStatus> Workers)
{
    /// <summary>Why it failed; null when every worker finished.</summary>
    public string? Error { get; init; }
}

/// <summary>Words for a repetition's outcome.</summary>
public static class RepetitionWords
{
    public static string Describe(RepetitionOutcome outcome, int restarts)
    {
        var word = outcome.ToString().ToLowerInvariant();
        return restarts == 0 ? word
            : $"{word} after {restarts.ToString(System.Globalization.CultureInfo.InvariantCulture)} restart{(restarts == 1 ? "" : "s")}";
    }
}

/// <summary>One worker's end: where it ran, its exit code (null if it never ran), and the end of its output when it failed.</summary>
public sealed record WorkerStatus(int Rank, string Node, int? ExitCode, double? TimeToFirstStepSeconds, string? WeightsHash,
    IReadOnlyList<string> LastLogLines);
