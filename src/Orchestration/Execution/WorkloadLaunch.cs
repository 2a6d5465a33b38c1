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

    /// <summary>Unique per run, repetition and workload: a worker of another job is refused at the handshake.</summary>
    public string JobId => $"{RunId}/{Repetition.Experiment.Name}/{Repetition.Mode.ToName()}/{Repetition.Index}/{Workload.Name}";

    /// <summary>A short name for Docker objects and folders of this workload in this repetition.</summary>
    public string ShortName
    {
        get
        {
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(RunId)))[..6];
            return $"tb-{hash}-{Workload.Name}-{Repetition.Mode.ToName()[0]}{Repetition.Index}";
        }
    }

    public int Threads => ThreadsOf(Workload);

    /// <summary>Threads per worker: whole cores of the share, at least one (more threads than quota only throttle).</summary>
    public static int ThreadsOf(Workload workload) => Math.Max(1, (int)Math.Floor(workload.CpusPerWorker));
}
