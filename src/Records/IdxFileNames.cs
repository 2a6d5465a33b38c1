namespace Testbed.Records;

/// <summary>
/// The names an MNIST-format data set's four IDX files may have in a folder: gzipped or raw, and
/// the '.idx3-ubyte' spelling some mirrors use beside the usual '-idx3-ubyte'. The trainer reads
/// by them and the orchestration validates by them, so a folder one accepts the other accepts.
/// </summary>
public static class IdxFileNames
{
    /// <summary>The four files: training and test (t10k) images and labels.</summary>
    public static IReadOnlyList<(string Split, string Kind, int Dimensions)> Files { get; } =
        [("train", "images", 3), ("train", "labels", 1), ("t10k", "images", 3), ("t10k", "labels", 1)];

    /// <summary>Every accepted spelling of one file, in the order they are looked for.</summary>
    public static IReadOnlyList<string> Spellings(string split, string kind, int dimensions) =>
    [
        $"{split}-{kind}-idx{dimensions}-ubyte.gz",
        $"{split}-{kind}-idx{dimensions}-ubyte",
        $"{split}-{kind}.idx{dimensions}-ubyte.gz",
        $"{split}-{kind}.idx{dimensions}-ubyte",
    ];

    /// <summary>The first spelling present in <paramref name="directory"/>, or null.</summary>
    public static string? Find(string directory, string split, string kind, int dimensions) =>
        Spellings(split, kind, dimensions).Select(name => Path.Combine(directory, name)).FirstOrDefault(File.Exists);
}
