using System.Globalization;

namespace Testbed.Trainer.Training;

/// <summary>
/// The settings that decide the weights a run produces (not the epoch count: a resumed run may
/// go further). Identity is the SHA-256 of the key-ordered "key=value" lines (<see cref="Checkpoints.ConfigHash"/>);
/// a checkpoint keeps both, so a mismatch can name the settings that differ.
/// </summary>
public static class RunConfig
{
    public static SortedDictionary<string, string> Of(TrainingOptions options, int worldSize, int trainSamples) => new(StringComparer.Ordinal)
    {
        ["model"] = "thesis-cnn",
        ["batchPerWorker"] = options.BatchPerWorker.ToString(CultureInfo.InvariantCulture),
        ["stepsPerEpoch"] = options.StepsPerEpoch.ToString(CultureInfo.InvariantCulture),
        ["learningRate"] = options.LearningRate.ToString("R", CultureInfo.InvariantCulture),
        ["momentum"] = options.Momentum.ToString("R", CultureInfo.InvariantCulture),
        ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
        ["worldSize"] = worldSize.ToString(CultureInfo.InvariantCulture),
        ["trainSamples"] = trainSamples.ToString(CultureInfo.InvariantCulture),
    };

    public static string Differences(IReadOnlyDictionary<string, string> saved, IReadOnlyDictionary<string, string> current) =>
        string.Join(", ", saved.Keys.Union(current.Keys).Order(StringComparer.Ordinal)
            .Where(k => saved.GetValueOrDefault(k) != current.GetValueOrDefault(k))
            .Select(k => $"{k} {saved.GetValueOrDefault(k) ?? "(none)"} in the checkpoint vs {current.GetValueOrDefault(k) ?? "(none)"} now"));
}
