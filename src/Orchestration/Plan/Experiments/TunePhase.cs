namespace Testbed.Orchestration.Experiments;

/// <summary>
/// The thesis's lifecycle after training: the model saved on the chief is loaded and trained on
/// ("tuning") with settings of its own. Every worker of each workload starts from the chief's final
/// checkpoint of the training phase (--init-from), in the same mode; its records and time are a phase
/// of their own, never part of the training time.
/// </summary>
public sealed record TunePhase
{
    public int Epochs { get; init; } = 2;
    public int StepsPerEpoch { get; init; } = 70;
    public double LearningRate { get; init; } = 0.0005;

    /// <summary>The workload as the tune phase trains it: the same workers, shares, batch and seed; its own epochs, steps and learning rate.</summary>
    public Workload Apply(Workload workload) => workload with { Epochs = Epochs, StepsPerEpoch = StepsPerEpoch, LearningRate = LearningRate };
}
