using Testbed.Trainer.Data;

namespace Testbed.Trainer.Tests;

/// <summary>Random test data from the trainer's own generator; the trainer itself draws only integers (shuffles, shards).</summary>
internal static class RandomValues
{
    /// <summary>Uniform in [0, 1), 53 random bits.</summary>
    public static double NextDouble(this DeterministicRandom random) => (random.NextUInt64() >> 11) * (1.0 / (1UL << 53));
}
