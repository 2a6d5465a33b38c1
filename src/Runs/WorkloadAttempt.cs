namespace Testbed.Runs;

/// <summary>
/// One start of a workload's workers within a repetition. The first attempt starts fresh; each
/// restart resumes from the newest intact checkpoint the attempts before it left. A workload that
/// never failed has exactly one attempt.
/// </summary>
/// <param name="Attempt">0 for the first start, 1 for the first restart, ...</param>
/// <param name="ResumedFromEpoch">The checkpoint's epoch this attempt resumed after; null when it started fresh.</param>
/// <param name="Checkpoint">The checkpoint's file name (in the workload's checkpoints/ folder); null when fresh.</param>
public sealed record WorkloadAttempt(int Attempt, DateTimeOffset StartedUtc, DateTimeOffset EndedUtc, int? ResumedFromEpoch, string? Checkpoint)
{
    /// <summary>How this attempt failed; null when its workers finished.</summary>
    public AttemptFailure? Failure { get; init; }

    /// <summary>The fault the pipeline injected into this attempt on purpose (--inject-faults); null when none.</summary>
    public InjectedFault? InjectedFault { get; init; }

    /// <summary>
    /// From the previous attempt's failure being detected (every one of its workers ended) to this
    /// attempt's first training step: stopping, restarting, rendezvous, loading the checkpoint and
    /// one step. Null for the first attempt, or when this attempt trained no step.
    /// </summary>
    public double? RecoverySeconds { get; init; }

    /// <summary>Steps this attempt trains again that the failed one had already trained (its failure step minus the checkpoint's). Null for the first
    /// attempt.</summary>
    public int? StepsLost { get; init; }

    /// <summary>True when <see cref="StepsLost"/> is a lower bound: the failure's step was not known, only the epochs finished before it.</summary>
    public bool StepsLostIsLowerBound { get; init; }

    /// <summary>Checkpoints passed over before this attempt's one, each with why (incomplete, corrupt).</summary>
    public IReadOnlyList<string> SkippedCheckpoints { get; init; } = [];
}

/// <summary>
/// A failed attempt: the worker that failed first (a worker killed by a signal before one whose
/// peers went missing), when the pipeline saw the attempt end, every failing worker, and the
/// failing worker's last log lines.
/// </summary>
/// <param name="Step">The global step (1-based, counted from the first epoch) the worker failed at, when known (an injected fault); else null.</param>
/// <param name="EpochsDone">Epochs the workload had finished (any rank's records) when it failed.</param>
public sealed record AttemptFailure(int Rank, string Node, int? ExitCode, string Reason, DateTimeOffset DetectedUtc, int? Step, int EpochsDone,
    IReadOnlyList<string> LastLogLines)
{
    /// <summary>Every worker that failed in this attempt, "rank r: reason", including those that only lost their peers.</summary>
    public IReadOnlyList<string> Workers { get; init; } = [];

    /// <summary>"killed by signal 9 (SIGKILL)" for exit codes 129..159 (128 + signal), else null.</summary>
    public static string? SignalOf(int? exitCode) => exitCode is > 128 and < 160 ? $"killed by signal {exitCode - 128}{SignalName(exitCode.Value - 128)}"
        : null;

    private static string SignalName(int signal) => signal switch
    {
        9 => " (SIGKILL)",
        15 => " (SIGTERM)",
        6 => " (SIGABRT)",
        11 => " (SIGSEGV)",
        2 => " (SIGINT)",
        _ => "",
    };
}

/// <summary>
/// A fault injected on purpose: which worker was made to die, and at which global step (1-based).
/// For kill-worker the worker dies at exactly that step; for stop-node the step is when the node
/// is frozen at the earliest (the pipeline sees epochs, not steps), and <see cref="Node"/> and
/// <see cref="PausedSeconds"/> say which node was frozen and for how long.
/// </summary>
public sealed record InjectedFault(string Kind, int Rank, int Step)
{
    public string? Node { get; init; }
    public double? PausedSeconds { get; init; }
}
