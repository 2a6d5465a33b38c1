namespace Testbed.Trainer.Data;

/// <summary>
/// A small deterministic stand-in for MNIST, written as real IDX files so tests go through the
/// same reader as production: each class draws a bright block at its own place over noise,
/// which the CNN learns within a few steps.
/// </summary>
public static class SyntheticDataset
{
    public const int Side = 28;

    public static void Write(string directory, int trainCount, int testCount, long seed, bool gzip = true)
    {
        Directory.CreateDirectory(directory);
        var suffix = gzip ? ".gz" : "";
        WriteSplit(directory, "train", trainCount, seed, suffix, gzip);
        WriteSplit(directory, "t10k", testCount, seed + 1, suffix, gzip);
    }

    private static void WriteSplit(string directory, string split, int count, long seed, string suffix, bool gzip)
    {
        var random = DeterministicRandom.For(seed, count);
        var pixels = new byte[count * Side * Side];
        var labels = new byte[count];
        for (var i = 0; i < count; i++)
        {
            var label = random.NextBelow(ImageSet.Classes);
            labels[i] = (byte)label;
            var image = pixels.AsSpan(i * Side * Side, Side * Side);
            for (var p = 0; p < image.Length; p++)
            {
                image[p] = (byte)random.NextBelow(60);
            }

            // Class k lights a 6x6 block in a 2x5 grid of places, jittered by a pixel or two.
            var top = 3 + label / 5 * 13 + random.NextBelow(3);
            var left = 1 + label % 5 * 5 + random.NextBelow(2);
            for (var r = top; r < Math.Min(top + 6, Side); r++)
            {
                for (var c = left; c < Math.Min(left + 6, Side); c++)
                {
                    image[r * Side + c] = (byte)(180 + random.NextBelow(76));
                }
            }
        }

        IdxWriter.Write(Path.Combine(directory, $"{split}-images-idx3-ubyte{suffix}"), [count, Side, Side], pixels, gzip);
        IdxWriter.Write(Path.Combine(directory, $"{split}-labels-idx1-ubyte{suffix}"), [count], labels, gzip);
    }
}
