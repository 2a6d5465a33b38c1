using Testbed.Records;

namespace Testbed.Trainer.Data;

/// <summary>
/// Finds the four IDX files of MNIST or Fashion-MNIST in a folder: `{train,t10k}-{images-idx3,labels-idx1}-ubyte`,
/// gzip-compressed (`.gz`) or not, and also the `train-images.idx3-ubyte` spelling some mirrors use.
/// </summary>
public static class DatasetFiles
{
    /// <summary>Where Debian's `dataset-fashion-mnist` package puts Fashion-MNIST (present in the runtime rootfs).</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    public static ImageSet LoadTrain(string directory) => Load(directory, "train");

    public static ImageSet LoadTest(string directory) => Load(directory, "t10k");

    private static ImageSet Load(string directory, string split)
    {
        if (!Directory.Exists(directory))
        {
            throw new InputException($"--data {directory}: no such directory; expected a folder holding the MNIST/Fashion-MNIST IDX files.");
        }

        return ImageSet.Load(Find(directory, split, "images", 3), Find(directory, split, "labels", 1));
    }

    private static string Find(string directory, string split, string kind, int dimensions) =>
        IdxFileNames.Find(directory, split, kind, dimensions)
        ?? throw new InputException($"--data {directory}: found none of " +
            $"{string.Join(", ", IdxFileNames.Spellings(split, kind, dimensions))}; expected the four IDX files of MNIST or Fashion-MNIST.");
}
