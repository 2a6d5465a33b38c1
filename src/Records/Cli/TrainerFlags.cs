namespace Testbed.Records.Cli;

/// <summary>
/// The trainer's command line, defined once: the trainer declares its options by these names and
/// the orchestration builds every worker's arguments from them, so a renamed flag changes both
/// sides or neither. Which flags `train` accepts and how it parses them is checked by
/// tests/Trainer.Tests/Cli/TrainerArgumentsContractTests against the orchestration's own argument
/// lists (tests/Contracts/trainer-arguments.txt).
/// </summary>
public static class TrainerFlags
{
    public const string TrainCommand = "train";

    public const string Epochs = "--epochs";
    public const string Steps = "--steps";
    public const string Batch = "--batch";
    public const string LearningRate = "--lr";
    public const string Momentum = "--momentum";
    public const string Seed = "--seed";
    public const string Data = "--data";
    public const string Out = "--out";
    public const string Records = "--records";
    public const string CheckpointDir = "--checkpoint-dir";
    public const string KeepCheckpoints = "--keep-checkpoints";
    public const string Resume = "--resume";
    public const string InitFrom = "--init-from";
    public const string Peers = "--peers";
    public const string Rank = "--rank";
    public const string Slot = "--slot";
    public const string Discover = "--discover";
    public const string World = "--world";
    public const string Listen = "--listen";
    public const string Port = "--port";
    public const string TokenFile = "--token-file";
    public const string JobId = "--job-id";
    public const string Timeout = "--timeout";
    public const string Threads = "--threads";
    public const string Overlap = "--overlap";
    public const string RingTags = "--ring-tags";
    public const string FaultAtStep = "--fault-at-step";
    public const string FaultRank = "--fault-rank";
    public const string FaultKind = "--fault-kind";
    public const string Checkpoint = "--checkpoint";

    /// <summary>--fault-kind's values: SIGKILL at the step, or hold there while the node is frozen.</summary>
    public const string FaultKill = "kill";
    public const string FaultStall = "stall";

    /// <summary>A static ring: every worker is told all peers' addresses and its own rank and port.</summary>
    public static IReadOnlyList<string> StaticRing(string peers, int rank, int port) =>
        [Peers, peers, Rank, Text(rank), Port, Text(port)];

    /// <summary>Swarm discovery: the replicas of one service find each other through its DNS name; the rank comes from the task slot.</summary>
    public static IReadOnlyList<string> SwarmDiscovery(string service, int workers, int port) =>
        [Discover, $"tasks.{service}:{Text(port)}", World, Text(workers), Port, Text(port)];

    /// <summary>
    /// Whether every ring message carries an authentication tag after the handshake (the handshake
    /// is authenticated always). One value for every worker of a run, whatever its mode: the
    /// orchestration decides it per cluster, so the modes compared never differ in it.
    /// </summary>
    public static IReadOnlyList<string> RingTagsFlag(bool tags) => [RingTags, tags ? "true" : "false"];

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The environment variable that sets a flag (containers are configured through it): TESTBED_ + upper snake case.</summary>
    public static string VariableFor(string flag) => "TESTBED_" + flag.TrimStart('-').Replace('-', '_').ToUpperInvariant();
}
