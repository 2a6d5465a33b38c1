namespace Testbed.Trainer.Checkpoints;

/// <summary>
/// Everything needed to continue a run exactly: weights, optimizer state, the last finished
/// epoch, torch's RNG state (the data order needs none: it is a pure function of seed and
/// epoch) and the hash of the configuration that produced them.
/// </summary>
public sealed record TrainingState(
    int Epoch,
    string ConfigHash,
    IReadOnlyDictionary<string, string> Config,
    IReadOnlyList<(string Name, long[] Shape)> Parameters,
    float[] Weights,
    float[] OptimizerState,
    byte[] RngState,
    string WeightsHash);
