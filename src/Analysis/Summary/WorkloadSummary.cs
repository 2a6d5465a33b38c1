using Testbed.Analysis.Results;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Summary;

/// <summary>One workload (one distributed job, e.g. w1) of a scenario, in both modes.</summary>
public sealed record WorkloadSummary(
    string Name,
    int Workers,
    ByMode<SampleStats?> TrainingSeconds,
    Overhead? Overhead,
    IReadOnlyList<EpochCell> EpochCells,
    IReadOnlyList<StepResponsePoint> StepResponse,
    ByMode<StepSplit?> StepSplit)
{
    /// <summary>The node each rank ran on, when the run was on a cluster and every measured repetition agrees; empty otherwise.</summary>
    public IReadOnlyDictionary<int, string> RankNodes { get; init; } = new Dictionary<int, string>();

    /// <summary>The trainer it ran (the manifest's experiment copy); ours unless the experiment named another.</summary>
    public WorkloadTrainer Trainer { get; init; } = new(Name, WorkloadTrainer.Ours, WritesRecords: true);

    /// <summary>Container over native per epoch, epoch 1..N; empty without native and container pairs.</summary>
    public IReadOnlyList<EpochOverhead> EpochOverheads { get; init; } = [];
}

/// <summary>
/// One cell of the thesis's per-node table: epoch time and step time of one worker (Node = rank + 1),
/// medians over the <see cref="N"/> measured repetitions.
/// </summary>
public sealed record EpochCell(Mode Mode, int Epoch, int Rank, double Seconds, double MsPerStep, int N);

/// <summary>ms/step of one epoch in one mode: the median over nodes and measured repetitions.</summary>
public sealed record StepResponsePoint(Mode Mode, int Epoch, double MsPerStep, int N);

/// <summary>Where a step's time goes, in ms: means over every epoch record, so the parts add up to the step.</summary>
public sealed record StepSplit(double ComputeMs, double AllReduceMs, double OtherMs, double StepMs);

/// <summary>Per-node resource use over time in one repetition (the first measured one of a mode).</summary>
public sealed record ResourceSeries(int Repetition, IReadOnlyList<NodeSample> Samples);

/// <summary>
/// One node at one second: the sum over the workers placed on it (two workloads put two workers on
/// each node). MB are 10^6 bytes; network rates come from the cumulative payload counters, each
/// epoch's jump spread over the time since the counter last moved (<see cref="PayloadRates"/>). A value no
/// worker of the node had at that second is null (missing), never 0.
/// </summary>
public sealed record NodeSample(string Node, double ElapsedSeconds, double? CpuPercent, double? MemoryMegabytes, double? ReceiveMegabytesPerSecond,
    double? SendMegabytesPerSecond);
