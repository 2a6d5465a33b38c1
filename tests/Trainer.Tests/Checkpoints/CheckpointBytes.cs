using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Testbed.Trainer.Checkpoints;
using Testbed.Trainer.Data;
using Testbed.Trainer.Model;

namespace Testbed.Trainer.Tests.Checkpoints;

/// <summary>
/// Valid checkpoints of the thesis CNN's size written without libtorch, and ways to damage
/// them: the layout is "TBCKPT01", a little-endian int32 header length, the JSON header, then
/// the float32 weights and optimizer state.
/// </summary>
internal static class CheckpointBytes
{
    /// <summary>The thesis CNN's parameters in order: conv, hidden and logits layers, weight then bias.</summary>
    public static readonly (string Name, long[] Shape)[] ThesisShapes =
    [
        ("conv.weight", [32, 1, 3, 3]), ("conv.bias", [32]),
        ("hidden.weight", [128, 21632]), ("hidden.bias", [128]),
        ("logits.weight", [10, 128]), ("logits.bias", [10]),
    ];

    /// <summary>Writes a checkpoint with seeded weights and the right hash into <paramref name="directory"/>; returns its path.</summary>
    public static string WriteValid(string directory, int epoch = 1, bool momentum = false)
    {
        var random = DeterministicRandom.For(epoch, 77);
        var weights = new float[ThesisCnn.ParameterCount];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(random.NextDouble() - 0.5);
        }

        var config = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["model"] = "thesis-cnn", ["seed"] = "42" };
        var state = new TrainingState(epoch, ConfigHash.Of(config), config, ThesisShapes, weights,
            momentum ? new float[weights.Length] : [], [1, 2, 3, 4], Hash(weights));
        return CheckpointFile.Write(directory, state);
    }

    /// <summary>SHA-256 over the float32 bytes, as the header's weightsHash is defined.</summary>
    public static string Hash(ReadOnlySpan<float> weights) => Records.Checkpoints.CheckpointFormat.WeightsHash(weights);

    /// <summary>Parses, edits and writes back the JSON header, keeping the weights after it as they were.</summary>
    public static void EditHeader(string path, Action<JsonObject> edit)
    {
        var bytes = File.ReadAllBytes(path);
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        var header = JsonNode.Parse(bytes.AsSpan(12, length))!.AsObject();
        edit(header);
        var newHeader = Encoding.UTF8.GetBytes(header.ToJsonString());
        var result = new byte[12 + newHeader.Length + bytes.Length - 12 - length];
        bytes.AsSpan(0, 8).CopyTo(result);
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(8), newHeader.Length);
        newHeader.CopyTo(result.AsSpan(12));
        bytes.AsSpan(12 + length).CopyTo(result.AsSpan(12 + newHeader.Length));
        File.WriteAllBytes(path, result);
    }

    /// <summary>Flips one bit of the first weight, leaving the header (and its hash) as it was.</summary>
    public static void FlipAWeightBit(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        bytes[12 + length] ^= 0x01;
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>The signature, a header length and a header, exactly as given (no weights).</summary>
    public static void WriteRaw(string path, string signature, int headerLength, string header)
    {
        var text = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[12 + text.Length];
        Encoding.ASCII.GetBytes(signature).CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), headerLength);
        text.CopyTo(bytes, 12);
        File.WriteAllBytes(path, bytes);
    }
}
