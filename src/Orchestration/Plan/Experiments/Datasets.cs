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
