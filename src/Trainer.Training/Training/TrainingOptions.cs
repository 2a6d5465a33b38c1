namespace Testbed.Trainer.Training;

/// <summary>Hyper-parameters and files of one training run; defaults are the thesis's (docs/thesis.md).</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 12;
    public int StepsPerEpoch { get; init; } = 70;
    public int BatchPerWorker { get; init; } = 64;
    public double LearningRate { get; init; } = 0.001;
    public double Momentum { get; init; }
    public long Seed { get; init; } = 42;
    public string DataDirectory { get; init; } = Data.DatasetFiles.DefaultDirectory;
    public string? RecordsPath { get; init; }
    public string? CheckpointDirectory { get; init; }

    /// <summary>How many of the newest checkpoints the chief keeps (0: every epoch's).</summary>
    public int KeepCheckpoints { get; init; }
    public string? ResumeFrom { get; init; }
    public string? InitFrom { get; init; }

    /// <summary>
    /// All-reduce the dense layers' gradients while backward still computes the convolution's.
    /// Off by default: it pays only when communication has a core of its own; measured on the
    /// 2-core machine with 2 workers sharing it, the communication threads slowed the compute
    /// more than they hid (82-89 vs 74-79 ms/step).
    /// </summary>
    public bool OverlapCommunication { get; init; }

    /// <summary>Fault injection: the global step (1-based) at whose start rank <see cref="FaultRank"/> kills itself or stalls; null = never.</summary>
    public int? FaultAtStep { get; init; }
    public int FaultRank { get; init; }
    public FaultKind FaultKind { get; init; } = FaultKind.Kill;

    /// <summary>How long a stalled worker holds at its step (--timeout + 15 s: its peers give up first).</summary>
    public TimeSpan StallFor { get; init; } = TimeSpan.FromSeconds(75);

    /// <summary>Whether the chief evaluates on the test set at the end (the final record's test accuracy).</summary>
    public bool EvaluateAtEnd { get; init; } = true;
}
