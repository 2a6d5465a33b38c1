using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// Everything needed to start one workload of one repetition, the same for both modes: same
/// seeds, shares, steps and token, so the only difference left is how the workers are run.
/// </summary>
public sealed record WorkloadLaunch(
    string RunId,
    PlannedRepetition Repetition,
    Workload Workload,
    string OutputDirectory,
    string Token,
    int Port)
{
    public int Epochs => Repetition.EpochsOf(Workload);

    /// <summary>0 for the workload's first start in the repetition, 1 for its first restart, ...</summary>
    public int Attempt { get; init; }

    /// <summary>--ring-tags: the run's choice for its cluster (<see cref="RingAuthentication"/>), the same for every workload and mode.</summary>
    public bool RingTags { get; init; } = true;

    /// <summary>The checkpoint a restart resumes from: a file name in the workload's checkpoints/ folder; null starts fresh.</summary>
    public string? ResumeCheckpoint { get; init; }

    /// <summary>A fault to inject into this attempt (--fault-at-step); null for none.</summary>
    public InjectedFault? Fault { get; init; }

    /// <summary>The tune phase's launch (after training, from the chief's final checkpoint), not the training's.</summary>
    public bool IsTune { get; init; }

    /// <summary>The checkpoint the tune phase starts every worker from (--init-from): a file name in the output folder's init/ folder.</summary>
    public string? InitCheckpoint { get; init; }

    /// <summary>
    /// Checkpoints the chief keeps: the last epoch's is what a run folder keeps (every epoch's would
    /// be 11 MB x 12 per workload and repetition, gigabytes per run); a workload that may restart
    /// keeps the one before too, so a damaged newest one still leaves a place to resume from.
    /// </summary>
    public int KeepCheckpoints { get; init; } = 1;

    /// <summary>Whether the pipeline watches it (sampler, records mirrored while it runs); false only to measure what watching costs.</summary>
    public bool Observed { get; init; } = true;

    /// <summary>Unique per run, repetition, workload and attempt: a worker of another job (or of a failed attempt) is refused at the handshake.</summary>
    public string JobId => $"{RunId}/{Repetition.Experiment.Name}/{Repetition.Mode.ToName()}/{Repetition.Index}/{Workload.Name}" +
        $"{(IsTune ? "/tune" : "")}{(Attempt == 0 ? "" : $"/attempt-{Attempt}")}";

    /// <summary>A short name for Docker objects and folders of this workload in this repetition.</summary>
    public string ShortName =>
        $"{NamePrefix(RunId)}{Workload.Name}-{Repetition.Mode.ToName()[0]}{Repetition.Index}{(IsTune ? "t" : "")}{(Attempt == 0 ? "" : $"a{Attempt}")}";

    /// <summary>What every short name of a run begins with (its sessions, cgroups and Docker objects), so one run's leftovers can be told from
    /// another's.</summary>
    public static string NamePrefix(string runId) =>
        $"tb-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(runId)))[..6]}-";

    public int Threads => ThreadsOf(Workload);

    /// <summary>Threads per worker: whole cores of the share, at least one (more threads than quota only throttle).</summary>
    public static int ThreadsOf(Workload workload) => Math.Max(1, (int)Math.Floor(workload.CpusPerWorker));
}
