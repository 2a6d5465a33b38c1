using System.Buffers.Binary;
using System.IO.Compression;

namespace Testbed.Orchestration.Experiments;

/// <summary>
/// The data sets a workload can train on: one the runtime rootfs ships (by name), or a folder of
/// MNIST-format IDX files (<c>dir:/path</c>), found under the spellings the trainer accepts.
/// </summary>
public static class Datasets
{
    /// <summary>The data sets the runtime rootfs ships, by name, where they are inside it, and their training-set size.</summary>
    public static IReadOnlyDictionary<string, (string Path, int TrainImages)> Known { get; } = new Dictionary<string, (string, int)>
    {
        ["fashion-mnist"] = ("/usr/share/datasets/fashion-mnist", 60_000),
    };

    public const string DirectoryPrefix = "dir:";

    /// <summary>The four files of a data set, by split and kind.</summary>
    public static IReadOnlyList<(string Split, string Kind, int Dimensions)> Files { get; } =
        [("train", "images", 3), ("train", "labels", 1), ("t10k", "images", 3), ("t10k", "labels", 1)];

    /// <summary>Every spelling of one file the trainer's reader accepts (gzipped or raw, '-idx' or '.idx').</summary>
    public static IReadOnlyList<string> Spellings(string split, string kind, int dimensions) =>
    [
        $"{split}-{kind}-idx{dimensions}-ubyte.gz",
        $"{split}-{kind}-idx{dimensions}-ubyte",
        $"{split}-{kind}.idx{dimensions}-ubyte.gz",
        $"{split}-{kind}.idx{dimensions}-ubyte",
    ];

    public static string? Find(string directory, string split, string kind, int dimensions) =>
        Spellings(split, kind, dimensions).Select(name => Path.Combine(directory, name)).FirstOrDefault(File.Exists);

    /// <summary>
    /// How many images an IDX images file says it holds (its header only), or null with the reason
    /// when the file is not one. Lets validation refuse a global batch larger than the data before
    /// any work, without reading the images.
    /// </summary>
    public static (int? Count, string? Problem) ImageCount(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
            Span<byte> header = stackalloc byte[8];
            stream.ReadExactly(header);
            var magic = BinaryPrimitives.ReadInt32BigEndian(header);
            if (magic != 0x00000803)
                return (null, $"starts with 0x{magic:x8}, not the IDX magic of 3-dimensional unsigned bytes (0x00000803)");
            var count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
            return count > 0 ? (count, null) : (null, $"says it holds {count} images");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return (null, $"cannot be read as an IDX file ({e.Message})");
        }
    }
}
