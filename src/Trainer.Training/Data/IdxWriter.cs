using System.Buffers.Binary;
using System.IO.Compression;

namespace Testbed.Trainer.Data;

/// <summary>Writes unsigned-byte IDX files, raw or gzip-compressed (used by the synthetic dataset).</summary>
public static class IdxWriter
{
    public static void Write(string path, int[] dimensions, ReadOnlySpan<byte> data, bool gzip)
    {
        using Stream file = File.Create(path);
        using var stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)(0x08 << 8 | dimensions.Length));
        stream.Write(word);
        foreach (var dimension in dimensions)
        {
            BinaryPrimitives.WriteUInt32BigEndian(word, (uint)dimension);
            stream.Write(word);
        }

        stream.Write(data);
    }
}
