namespace Testbed.Orchestration.Experiments;

/// <summary>
/// One distributed training job: <see cref="Workers"/> processes training one model together.
/// Hyper-parameters default to the thesis's (docs/thesis.md): batch 64 per worker, SGD lr 0.001,
/// 12 epochs of 70 steps.
/// </summary>
public sealed record Workload
{
    public required string Name { get; init; }
    public int Workers { get; init; } = 3;

    /// <summary>The smallest CPU limit the engine takes (0.01 of a core); 0 would mean "unlimited".</summary>
    public const double MinimumCpuShare = 0.01;

    /// <summary>CPU share of one worker, in cores (a CFS quota: 0.5 = half a core).</summary>
    public double CpusPerWorker { get; init; } = 0.6;
    public int MemoryMbPerWorker { get; init; } = 1024;
    public int Epochs { get; init; } = 12;
    public int StepsPerEpoch { get; init; } = 70;
    public int BatchPerWorker { get; init; } = 64;
    public double LearningRate { get; init; } = 0.001;
    public int Seed { get; init; } = 42;

    /// <summary>A data set the rootfs ships (<c>fashion-mnist</c>) or <c>dir:/path</c> with MNIST-format IDX files.</summary>
    public string Dataset { get; init; } = "fashion-mnist";

    /// <summary>
    /// Optional logical node per rank ("node-1", ...). On a swarm with nodes labelled
    /// <c>testbed.node=&lt;name&gt;</c> each worker is pinned there; on a one-node swarm every
    /// worker shares the node and the manifest says so. Scenarios need no change between the two.
    /// </summary>
    public IReadOnlyList<string>? Nodes { get; init; }

    /// <summary>Which trainer runs, on which runtime, reporting how (issue 25); ours unless the experiment says otherwise.</summary>
    public TrainerSpec Trainer { get; init; } = TrainerSpec.Default;
}
