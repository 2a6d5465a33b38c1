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
    /// <summary>Points of the same scenario, workload and size are one measured configuration.</summary>
    public (string Scenario, string Workload, int Nodes, int? Batch) Configuration => (Scenario, Workload, Nodes, Batch);

    /// <summary>What pairs a point with its partners in a bootstrap replicate: the round, else the repetition index.</summary>
    public int ResampleKey => Round ?? Repetition;
}
