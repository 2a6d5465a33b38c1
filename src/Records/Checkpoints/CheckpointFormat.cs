using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Testbed.Records.Checkpoints;

/// <summary>
/// The checkpoint file's contract, defined once for the trainer that writes it and the orchestration
/// that checks it before a restart: "TBCKPT01", a little-endian int32 header length, a JSON header
/// (<see cref="CheckpointHeader"/>), then weightCount and optimizerStateCount float32s, named
/// checkpoint-epoch-NNN.tbckpt in the workload's checkpoints folder.
/// </summary>
public static class CheckpointFormat
{
    /// <summary>"TBCKPT" and a two-digit format version.</summary>
    public static ReadOnlySpan<byte> Magic => "TBCKPT01"u8;

    /// <summary>The signature in words, for messages.</summary>
    public const string MagicText = "TBCKPT01";

    /// <summary>The signature and the header length before the header.</summary>
    public const int PreambleBytes = 12;

    /// <summary>The folder the chief writes checkpoints to inside its --out folder.</summary>
    public const string DefaultFolder = "checkpoints";

    private const string Prefix = "checkpoint-epoch-";
    private const string Suffix = ".tbckpt";

    /// <summary>Matches every checkpoint file name (and nothing the writer leaves half-written).</summary>
    public const string SearchPattern = Prefix + "*" + Suffix;

    public static string FileName(int epoch) => $"{Prefix}{epoch.ToString("D3", CultureInfo.InvariantCulture)}{Suffix}";

    /// <summary>The epoch a checkpoint's file name says, or null for any other name.</summary>
    public static int? EpochOf(string fileName) =>
        fileName.StartsWith(Prefix, StringComparison.Ordinal) && fileName.EndsWith(Suffix, StringComparison.Ordinal)
            && int.TryParse(fileName[Prefix.Length..^Suffix.Length], NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            ? epoch
            : null;

    /// <summary>The header's weightsHash: SHA-256 over the weights' float32 bytes in parameter order.</summary>
    public static string WeightsHash(ReadOnlySpan<float> weights) => WeightsHash(MemoryMarshal.AsBytes(weights));

    /// <summary>The same hash over the weights' bytes as they lie in the file.</summary>
    public static string WeightsHash(ReadOnlySpan<byte> weightBytes) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(weightBytes));
}
