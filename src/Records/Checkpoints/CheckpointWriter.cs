using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Testbed.Records.Checkpoints;

/// <summary>
/// Writes a checkpoint in <see cref="CheckpointFormat"/>'s layout: to a temporary file, flushed to
/// disk and renamed, so a crash never leaves a half-written checkpoint under the real name.
/// </summary>
public static class CheckpointWriter
{
    /// <summary>Writes <paramref name="header"/>'s epoch's checkpoint into <paramref name="directory"/>; returns its path.</summary>
    public static string Write(string directory, CheckpointHeader header, ReadOnlySpan<float> weights, ReadOnlySpan<float> optimizerState)
    {
        if (weights.Length != header.WeightCount || optimizerState.Length != header.OptimizerStateCount)
        {
            throw new ArgumentException(
                $"the header announces {header.WeightCount} weights and {header.OptimizerStateCount} optimizer values, "
                + $"given {weights.Length} and {optimizerState.Length}");
        }

        Directory.CreateDirectory(directory);
        var name = CheckpointFormat.FileName(header.Epoch);
        var path = Path.Combine(directory, name);
        var temporary = Path.Combine(directory, $".{name}.{Environment.ProcessId}.tmp");
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJson().ToJsonString());
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(CheckpointFormat.Magic);
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, headerBytes.Length);
            stream.Write(length);
            stream.Write(headerBytes);
            stream.Write(MemoryMarshal.AsBytes(weights));
            stream.Write(MemoryMarshal.AsBytes(optimizerState));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
