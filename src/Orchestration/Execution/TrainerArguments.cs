using System.Globalization;
using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// The trainer's command line for one worker (the seam between orchestration and trainer: flags
/// in, JSON Lines out). Rendezvous flags differ per mode; everything else is identical.
/// </summary>
public static class TrainerArguments
{
    /// <summary>The port every worker listens on inside its own network namespace (containers).</summary>
    public const int ContainerPort = 29500;

    public const string TokenFileName = "testbed-job-token";

    public static IReadOnlyList<string> Train(WorkloadLaunch launch, string dataDirectory, string outputDirectory, string tokenFile, IEnumerable<string> rendezvous)
    {
        var w = launch.Workload;
        string N(double value) => value.ToString(CultureInfo.InvariantCulture);
        return
        [
            "train",
            "--epochs", N(launch.Epochs),
            "--steps", N(w.StepsPerEpoch),
            "--batch", N(w.BatchPerWorker),
            "--lr", N(w.LearningRate),
            "--seed", N(w.Seed),
            "--data", dataDirectory,
            "--out", outputDirectory,
            // The last epoch's checkpoint (the thesis's "store" step) is what a run folder keeps:
            // every epoch's would be 11 MB x 12 per workload and repetition, gigabytes per run.
            "--keep-checkpoints", "1",
            "--token-file", tokenFile,
            "--job-id", launch.JobId,
            "--threads", N(launch.Threads),
            .. rendezvous,
        ];
    }

    /// <summary>Where a workload's data set is inside the rootfs or container.</summary>
    public static string DataDirectory(Workload workload) =>
        Datasets.Known.TryGetValue(workload.Dataset, out var known) ? known.Path : "/data";

    /// <summary>The host folder to mount at /data for a dir: data set, else null.</summary>
    public static string? HostDataDirectory(Workload workload) =>
        workload.Dataset.StartsWith(Datasets.DirectoryPrefix, StringComparison.Ordinal) ? workload.Dataset[Datasets.DirectoryPrefix.Length..] : null;
}
