namespace Testbed.Analysis.Model;

/// <summary>
/// One workload in one measured repetition, reduced to what the cost model reads: its size (workers,
/// batch per worker, gradient bytes) and its steady step (epochs after the first, averaged over
/// workers and steps), in milliseconds.
/// </summary>
/// <param name="Batch">Batch per worker from the experiment's definition; null when the manifest does not say.</param>
/// <param name="GradientBytes">From the all-reduce traffic (<see cref="RingCost.GradientBytesFromSent"/>); NaN for one worker.</param>
public sealed record StepPoint(
    string Scenario,
    string Workload,
    Mode Mode,
    int Repetition,
    int? Round,
    int Nodes,
    int? Batch,
    double GradientBytes,
    double ComputeMs,
    double AllReduceMs,
    double OtherMs,
    double MsPerStep)
{
    /// <summary>
    /// The trainer that ran it (the manifest's <c>workloads[].trainer.displayName</c>; ours when it
    /// names none). Two trainers compute and communicate differently, so the model never mixes them.
    /// </summary>
    public string Trainer { get; init; } = Testbed.Runs.WorkloadTrainer.Ours;

    /// <summary>The CPU share of each worker (cpusPerWorker of the experiment); null when the manifest does not say.</summary>
    public double? CpusPerWorker { get; init; }

    /// <summary>
    /// Points whose compute the model may carry from one to another: the same trainer at the same CPU
    /// share per worker (the model's compute depends on the batch alone). Across classes it does not:
    /// thesis-dual's workers, at half of thesis-single's share, compute about twice as long per step.
    /// </summary>
    public ComputeClass Class => new(Trainer, CpusPerWorker);

    /// <summary>Points of the same scenario, workload and size are one measured configuration.</summary>
    public (string Scenario, string Workload, int Nodes, int? Batch) Configuration => (Scenario, Workload, Nodes, Batch);

    /// <summary>What pairs a point with its partners in a bootstrap replicate: the round, else the repetition index.</summary>
    public int ResampleKey => Round ?? Repetition;
}

/// <summary>A trainer at a CPU share per worker: what decides a point's compute besides its batch.</summary>
public sealed record ComputeClass(string Trainer, double? CpusPerWorker)
{
    public override string ToString() =>
        CpusPerWorker is { } cpus ? $"{Trainer} at {cpus.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} of a core per worker" : Trainer;
}
