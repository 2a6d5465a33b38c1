using System.Buffers.Binary;
using System.Text.Json;

namespace Testbed.Records.Checkpoints;

/// <summary>
/// Whether a file is an intact checkpoint, without the model: every length in
/// <see cref="CheckpointFormat"/>'s layout agrees and the weights hash to the header's weightsHash,
/// so a truncated or bit-flipped checkpoint is passed over, never resumed from. The orchestration
/// checks by it before a restart; the trainer's reader checks the same and the model's shapes.
/// </summary>
public static class CheckpointCheck
{
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

        var magic = CheckpointFormat.Magic;
        if (bytes.Length < CheckpointFormat.PreambleBytes || !bytes.AsSpan(0, magic.Length).SequenceEqual(magic))
        {
            return $"not a checkpoint (no {CheckpointFormat.MagicText} header)";
        }

        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(magic.Length, 4));
        var dataStart = (long)CheckpointFormat.PreambleBytes + headerLength;
        if (headerLength <= 0 || dataStart > bytes.Length)
        {
            return $"incomplete: its header says {headerLength} bytes, the file has {bytes.Length} in all";
        }

        try
        {
            using var header = JsonDocument.Parse(bytes.AsMemory(CheckpointFormat.PreambleBytes, headerLength));
            var root = header.RootElement;
            var headerEpoch = root.GetProperty(CheckpointHeader.EpochField).GetInt32();
            var weights = root.GetProperty(CheckpointHeader.WeightCountField).GetInt64();
            var optimizer = root.GetProperty(CheckpointHeader.OptimizerStateCountField).GetInt64();
            var hash = root.GetProperty(CheckpointHeader.WeightsHashField).GetString();
            if (headerEpoch != epoch)
            {
                return $"its header says epoch {headerEpoch}, its name epoch {epoch}";
            }

            var expected = dataStart + sizeof(float) * (weights + optimizer);
            if (weights < 0 || optimizer < 0 || expected != bytes.Length)
            {
                return $"incomplete: {bytes.Length} bytes where its header promises {expected}";
            }

            var actual = CheckpointFormat.WeightsHash(bytes.AsSpan((int)dataStart, (int)(sizeof(float) * weights)));
            return actual == hash ? null : $"corrupt: its weights hash to {Short(actual)}, its header says {Short(hash ?? "nothing")}";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return $"corrupt header ({e.Message})";
        }
    }

    private static string Short(string hash) => hash.Length > 19 ? hash[..19] + "..." : hash;
}
