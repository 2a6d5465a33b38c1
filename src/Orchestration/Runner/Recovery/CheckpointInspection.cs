using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Testbed.Orchestration.Recovery;

/// <summary>A checkpoint file a restart could resume from, and what is wrong with it (null when intact).</summary>
public sealed record CheckpointCandidate(string FileName, int Epoch, string? Problem)
{
    public bool Intact => Problem is null;
}

/// <summary>
/// Checks the trainer's checkpoint files without loading the trainer (the orchestrator never links
/// it): the layout the trainer documents (src/Trainer/README.md) is "TBCKPT01", a little-endian
/// int32 header length, a JSON header, then weightCount and optimizerStateCount float32s. A file is
/// intact when every length agrees and the weights hash to the header's weightsHash (SHA-256 over
/// the float32 bytes), so a truncated or bit-flipped checkpoint is passed over, never resumed from.
/// </summary>
public static class CheckpointInspection
{
    private const string Prefix = "checkpoint-epoch-";
    private const string Suffix = ".tbckpt";
    private static readonly byte[] Magic = "TBCKPT01"u8.ToArray();

    /// <summary>Every checkpoint in the folder, newest epoch first, each checked.</summary>
    public static IReadOnlyList<CheckpointCandidate> NewestFirst(string directory) =>
        !Directory.Exists(directory)
            ? []
            : Directory.GetFiles(directory, Prefix + "*" + Suffix)
                .Select(path => (Path: path, Epoch: EpochOf(Path.GetFileName(path))))
                .Where(c => c.Epoch is not null)
                .OrderByDescending(c => c.Epoch)
                .Select(c => new CheckpointCandidate(Path.GetFileName(c.Path), c.Epoch!.Value, ProblemOf(c.Path, c.Epoch.Value)))
                .ToList();

    private static int? EpochOf(string name) =>
        int.TryParse(name[Prefix.Length..^Suffix.Length], NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) ? epoch : null;

    private static string Short(string hash) => hash.Length > 19 ? hash[..19] + "..." : hash;

    /// <summary>Null when the file is an intact checkpoint of <paramref name="epoch"/>; else what is wrong, in words.</summary>
    public static string? ProblemOf(string path, int epoch)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read ({e.Message})";
        }
        if (bytes.Length < Magic.Length + 4 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            return "not a checkpoint (no TBCKPT01 header)";
        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Magic.Length, 4));
        var dataStart = (long)Magic.Length + 4 + headerLength;
        if (headerLength <= 0 || dataStart > bytes.Length)
            return $"incomplete: its header says {headerLength} bytes, the file has {bytes.Length} in all";
        try
        {
            using var header = JsonDocument.Parse(bytes.AsMemory(Magic.Length + 4, headerLength));
            var root = header.RootElement;
            var headerEpoch = root.GetProperty("epoch").GetInt32();
            var weights = root.GetProperty("weightCount").GetInt64();
            var optimizer = root.GetProperty("optimizerStateCount").GetInt64();
            var hash = root.GetProperty("weightsHash").GetString();
            if (headerEpoch != epoch) return $"its header says epoch {headerEpoch}, its name epoch {epoch}";
            var expected = dataStart + 4 * (weights + optimizer);
            if (weights < 0 || optimizer < 0 || expected != bytes.Length)
                return $"incomplete: {bytes.Length} bytes where its header promises {expected}";
            var actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan((int)dataStart, (int)(4 * weights))));
            return actual == hash ? null : $"corrupt: its weights hash to {Short(actual)}, its header says {Short(hash ?? "nothing")}";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return $"corrupt header ({e.Message})";
        }
    }
}
