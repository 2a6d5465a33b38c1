using System.Globalization;
using Testbed.Orchestration.Experiments;
using Testbed.Records.Checkpoints;
using Testbed.Records.Cli;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// The trainer's command line for one worker (the seam between orchestration and trainer: flags
/// in, JSON Lines out). Rendezvous flags differ per mode; everything else is identical.
/// </summary>
public static class TrainerArguments
{
    /// <summary>The port every worker listens on inside its own network namespace (containers).</summary>
    public const int ContainerPort = 29500;

    /// <summary>The fault kind that stops a node; the trainer stalls for it (the node is stopped from outside).</summary>
    public const string StopNodeFault = "stop-node";

    public const string TokenFileName = "testbed-job-token";

    public static IReadOnlyList<string> Train(WorkloadLaunch launch, string dataDirectory, string outputDirectory, string tokenFile,
        IEnumerable<string> rendezvous)
    {
        var w = launch.Workload;
        string N(double value) => value.ToString(CultureInfo.InvariantCulture);
        return
        [
            TrainerFlags.TrainCommand,
            TrainerFlags.Epochs, N(launch.Epochs),
            TrainerFlags.Steps, N(w.StepsPerEpoch),
            TrainerFlags.Batch, N(w.BatchPerWorker),
            TrainerFlags.LearningRate, N(w.LearningRate),
            TrainerFlags.Seed, N(w.Seed),
            TrainerFlags.Data, dataDirectory,
            TrainerFlags.Out, outputDirectory,
            TrainerFlags.KeepCheckpoints, N(launch.KeepCheckpoints),
            TrainerFlags.TokenFile, tokenFile,
            TrainerFlags.JobId, launch.JobId,
            TrainerFlags.Threads, N(launch.Threads),
            .. TrainerFlags.RingTagsFlag(launch.RingTags),
            .. Recovery(launch, outputDirectory),
            .. rendezvous,
        ];
    }

    /// <summary>A static ring's rendezvous: every rank's host:port in rank order, this worker's rank and the port it listens on.</summary>
    public static IReadOnlyList<string> StaticRing(string peers, int rank, int port) => TrainerFlags.StaticRing(peers, rank, port);

    /// <summary>Swarm discovery: the replicas of one service find each other through its DNS name; the rank comes from the task slot.</summary>
    public static IReadOnlyList<string> SwarmDiscovery(string service, int workers) => TrainerFlags.SwarmDiscovery(service, workers, ContainerPort);

    /// <summary>A restart's --resume (only the chief reads it), the tune phase's --init-from, and an injected fault; nothing for a plain start.</summary>
    private static IEnumerable<string> Recovery(WorkloadLaunch launch, string outputDirectory)
    {
        if (launch.ResumeCheckpoint is { } checkpoint)
        {
            yield return TrainerFlags.Resume;
            yield return $"{outputDirectory.TrimEnd('/')}/{CheckpointsFolder}/{checkpoint}";
        }
        if (launch.InitCheckpoint is { } init)
        {
            yield return TrainerFlags.InitFrom;
            yield return $"{outputDirectory.TrimEnd('/')}/{InitFolder}/{init}";
        }
        // A killed worker is the trainer's own doing. A stopped node is frozen from outside, but its
        // worker also stalls at the drawn step: the freeze follows the worker's records over SSH and
        // the host's engine, and on a loaded machine it has landed after a short workload ended.
        if (launch.Fault is { } fault)
        {
            yield return TrainerFlags.FaultAtStep;
            yield return fault.Step.ToString(CultureInfo.InvariantCulture);
            yield return TrainerFlags.FaultRank;
            yield return fault.Rank.ToString(CultureInfo.InvariantCulture);
            if (fault.Kind == StopNodeFault)
            {
                yield return TrainerFlags.FaultKind;
                yield return TrainerFlags.FaultStall;
            }
        }
    }

    /// <summary>The folder the chief writes checkpoints to, inside the workload's output folder (the trainer's default for --out).</summary>
    public const string CheckpointsFolder = CheckpointFormat.DefaultFolder;

    /// <summary>The folder, inside the tune phase's output folder, that holds the checkpoint it starts from.</summary>
    public const string InitFolder = "init";

    /// <summary>Where a workload's data set is inside the rootfs or container.</summary>
    public static string DataDirectory(Workload workload) =>
        Datasets.Known.TryGetValue(workload.Dataset, out var known) ? known.Path : "/data";

    /// <summary>The host folder to mount at /data for a dir: data set, else null.</summary>
    public static string? HostDataDirectory(Workload workload) =>
        workload.Dataset.StartsWith(Datasets.DirectoryPrefix, StringComparison.Ordinal) ? workload.Dataset[Datasets.DirectoryPrefix.Length..] : null;
}
