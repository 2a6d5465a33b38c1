using System.Buffers.Binary;
using System.IO.Compression;

namespace Testbed.Trainer.Data;

/// <summary>
/// One IDX file (the MNIST format): a big-endian header of magic number and dimensions, then
/// unsigned bytes. Gzip is recognised by its own magic bytes, not by the file name.
/// </summary>
public sealed record IdxFile(string Path, int[] Dimensions, byte[] Data)
{
    /// <summary>0x08 in the third magic byte: unsigned bytes, the only type MNIST uses.</summary>
    private const byte UnsignedByteType = 0x08;

    public int Count => Dimensions[0];

    /// <summary>Reads and checks a file expected to have <paramref name="expectedDimensions"/> dimensions.</summary>
    public static IdxFile Read(string path, int expectedDimensions)
    {
        if (!File.Exists(path))
        {
            throw new IdxFormatException($"{path}: file not found (expected an IDX file with {expectedDimensions} dimension(s)).");
        }

        using Stream raw = File.OpenRead(path);
        using Stream stream = IsGzip(raw) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        try
        {
            return Read(path, stream, expectedDimensions);
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException($"{path}: the gzip stream is corrupt or cut short ({e.Message}); expected a complete gzip-compressed IDX file.");
        }
    }

    private static IdxFile Read(string path, Stream stream, int expectedDimensions)
    {
        Span<byte> magic = stackalloc byte[4];
        int got = ReadUpTo(stream, magic);
        if (got < 4)
        {
            throw new IdxFormatException($"{path}: truncated: {got} byte(s) where a 4-byte IDX magic number was expected.");
        }

        uint expectedMagic = (uint)(UnsignedByteType << 8 | expectedDimensions);
        uint foundMagic = BinaryPrimitives.ReadUInt32BigEndian(magic);
        if (foundMagic != expectedMagic)
        {
            throw new IdxFormatException(
                $"{path}: wrong magic number 0x{foundMagic:X8}; expected 0x{expectedMagic:X8} (unsigned bytes, {expectedDimensions} dimension(s)).");
        }

        var dimensions = new int[expectedDimensions];
        Span<byte> word = stackalloc byte[4];
        long size = 1;
        for (int i = 0; i < expectedDimensions; i++)
        {
            if (ReadUpTo(stream, word) < 4)
            {
                throw new IdxFormatException($"{path}: truncated in the header while reading dimension {i + 1} of {expectedDimensions}.");
            }

            uint dimension = BinaryPrimitives.ReadUInt32BigEndian(word);
            if (dimension == 0 || dimension > int.MaxValue)
            {
                throw new IdxFormatException($"{path}: dimension {i + 1} is {dimension}; expected a positive size.");
            }

            dimensions[i] = (int)dimension;
            size *= dimension;
        }

        if (size > Array.MaxLength)
        {
            throw new IdxFormatException($"{path}: header announces {size} bytes of data, more than this reader supports.");
        }

        var data = new byte[size];
        int read = ReadUpTo(stream, data);
        if (read < size)
        {
            throw new IdxFormatException(
                $"{path}: truncated: the header announces {string.Join('x', dimensions)} = {size} bytes of data but the file holds only {read}.");
        }

        Span<byte> probe = stackalloc byte[1];
        if (ReadUpTo(stream, probe) != 0)
        {
            throw new IdxFormatException(
                $"{path}: extra bytes after the {size} bytes of data announced by the header ({string.Join('x', dimensions)}); is it the right file?");
        }

        return new IdxFile(path, dimensions, data);
    }

    private static bool IsGzip(Stream stream)
    {
        Span<byte> head = stackalloc byte[2];
        int n = ReadUpTo(stream, head);
        stream.Position = 0;
        return n == 2 && head[0] == 0x1f && head[1] == 0x8b;
    }

    private static int ReadUpTo(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
