using System.CommandLine;
using Testbed.Records.Cli;
using Testbed.Trainer.Distributed;

namespace Testbed.Trainer.Cli;

/// <summary>Every flag of the trainer, each also settable as TESTBED_*; shared by the subcommands that need them.</summary>
public static class TrainerOptions
{
    public static readonly Option<int> Epochs = EnvOption.Int(TrainerFlags.Epochs, "Epochs to train (thesis: 12).", 12);
    public static readonly Option<int> Steps = EnvOption.Int(TrainerFlags.Steps, "Steps per epoch (thesis: 70).", 70);
    public static readonly Option<int> Batch = EnvOption.Int(TrainerFlags.Batch, "Batch size per worker; the global batch is batch x world size (thesis: 64).",
        64);
    public static readonly Option<double> LearningRate = EnvOption.Double(TrainerFlags.LearningRate, "SGD learning rate (thesis: 0.001).", 0.001);
    public static readonly Option<double> Momentum = EnvOption.Double(TrainerFlags.Momentum, "SGD momentum (thesis: 0, plain SGD).", 0);
    public static readonly Option<long> Seed = EnvOption.Long(TrainerFlags.Seed, "Seed of the initial weights and of every epoch's data order.", 42);
    public static readonly Option<string?> Data = EnvOption.String(TrainerFlags.Data, "Folder with the MNIST/Fashion-MNIST IDX files (gzip or raw).",
        Trainer.Data.DatasetFiles.DefaultDirectory);
    public static readonly Option<string?> Out = EnvOption.String(TrainerFlags.Out,
        "Output folder: records go to <out>/worker-<rank>.jsonl and checkpoints to <out>/checkpoints unless --records/--checkpoint-dir say otherwise.");
    public static readonly Option<string?> Records = EnvOption.String(TrainerFlags.Records,
        "JSON Lines file for the epoch and final records (results/README.md).");
    public static readonly Option<string?> CheckpointDir = EnvOption.String(TrainerFlags.CheckpointDir,
        "Folder where the chief writes a checkpoint after every epoch.");
    public static readonly Option<int> KeepCheckpoints = EnvOption.Int(TrainerFlags.KeepCheckpoints,
        "Keep only the newest N checkpoints, deleting older ones as new ones land (0: keep every epoch's).", 0);
    public static readonly Option<string?> Resume = EnvOption.String(TrainerFlags.Resume,
        "Checkpoint to continue from (same settings; only the chief needs the file).");
    public static readonly Option<string?> InitFrom = EnvOption.String(TrainerFlags.InitFrom,
        "Checkpoint whose weights start a new run (new learning rate, epochs...).");
    public static readonly Option<string?> Peers = EnvOption.String(TrainerFlags.Peers, "Static ring: host:port of every rank, in rank order (native runs).");
    public static readonly Option<int?> Rank = EnvOption.OptionalInt(TrainerFlags.Rank,
        "This worker's rank (0-based) with --peers; with --discover, the 1-based Swarm task slot ({{.Task.Slot}}), rank = slot - 1.");
    public static readonly Option<int?> Slot = EnvOption.OptionalInt(TrainerFlags.Slot,
        "With --discover: the 1-based Swarm task slot; rank = slot - 1 (takes precedence over --rank).");
    public static readonly Option<string?> Discover = EnvOption.String(TrainerFlags.Discover,
        "Swarm discovery: tasks.<service>:<port>; every task listens on that port and the handshake tells ranks apart.");
    public static readonly Option<int?> World = EnvOption.OptionalInt(TrainerFlags.World,
        "Number of workers (required with --discover; with --peers it is their count).");
    public static readonly Option<string?> Listen = EnvOption.String(TrainerFlags.Listen,
        "IP address to listen on (default: this rank's address in --peers when it is one, " +
        "e.g. 127.0.0.1 natively; every interface with --discover or a host name).");
    public static readonly Option<int?> Port = EnvOption.OptionalInt(TrainerFlags.Port,
        "Port to listen on (default: this rank's port in --peers, or the --discover port).");
    public static readonly Option<string?> TokenFile = EnvOption.String(TrainerFlags.TokenFile, "File holding the job's secret token (e.g. a Swarm secret).",
        JobCredentials.DefaultTokenFile);
    public static readonly Option<string?> JobId = EnvOption.String(TrainerFlags.JobId, "Job identifier; workers of another job are refused.", "testbed");
    public static readonly Option<double> Timeout = EnvOption.Double(TrainerFlags.Timeout,
        "Seconds (at most 86400) the rendezvous, and each collective as a whole, may take before a missing, dead, silent or too slow peer fails the run.", 60);
    public static readonly Option<int?> Threads = EnvOption.OptionalInt(TrainerFlags.Threads,
        "Intra-op threads (default: from the cgroup CPU quota or the affinity mask, never the core count).");
    public static readonly Option<bool> Overlap = EnvOption.Bool(TrainerFlags.Overlap,
        "All-reduce the dense layers' gradients while backward computes the convolution's (true|false); pays when communication has a spare core.", false);
    public static readonly Option<bool> RingTags = EnvOption.Bool(TrainerFlags.RingTags,
        "Authenticate every ring message after the handshake with a tag (true|false); the handshake is authenticated either way. Every worker of a job " +
        "needs the same value. The pipeline passes true where the ring leaves the machine (kind: hosts), false on virtual nodes and this host.", true);
    public static readonly Option<int?> FaultAtStep = EnvOption.OptionalInt(TrainerFlags.FaultAtStep,
        "Fault injection: at the start of this global step (1-based, counted from the first epoch) the worker of --fault-rank " +
        "kills itself with SIGKILL, as an OOM kill or a lost host would end it. Never in a resumed run that starts past it.");
    public static readonly Option<int> FaultRank = EnvOption.Int(TrainerFlags.FaultRank, "Fault injection: the rank that dies (or stalls) at --fault-at-step.",
        0);
    public static readonly Option<string?> FaultKind = EnvOption.String(TrainerFlags.FaultKind,
        "Fault injection: kill (SIGKILL at --fault-at-step) or stall (hold there for --timeout + 15 s, longer " +
        "than the peers wait, while the pipeline freezes the worker's node).", TrainerFlags.FaultKill);
    public static readonly Option<string?> Checkpoint = EnvOption.String(TrainerFlags.Checkpoint, "Checkpoint to evaluate.");
}
