using System.Buffers.Binary;
using System.IO.Compression;

namespace Testbed.Trainer.Data;

/// <summary>
/// One IDX file (the MNIST format): a big-endian header of magic number and dimensions, then
/// unsigned bytes. Gzip is recognised by its own magic bytes, not by the file name. Nothing
/// the header announces is allocated before it is checked against the expected shape and
/// against what the file can hold, so a damaged or hostile header costs an error message,
/// never gigabytes.
/// </summary>
public sealed record IdxFile(string Path, int[] Dimensions, byte[] Data)
{
    /// <summary>0x08 in the third magic byte: unsigned bytes, the only type MNIST uses.</summary>
    private const byte UnsignedByteType = 0x08;

    /// <summary>
    /// Deflate cannot compress better than about 1032:1 (a 258-byte match in as little as 2
    /// bits), so a gzip file of n bytes never decompresses to more than 1032 n bytes.
    /// </summary>
    private const long MaxDeflateRatio = 1032;

    /// <summary>Buffers for compressed data grow in steps from here, with the data that really arrives.</summary>
    private const int FirstChunkBytes = 1 << 20;

    public int Count => Dimensions[0];

    /// <summary>
    /// Reads and checks a file expected to have <paramref name="expectedDimensions"/> dimensions;
    /// when <paramref name="expectedItemShape"/> is given, every dimension after the count must
    /// equal it (28 x 28 for the thesis CNN's images).
    /// </summary>
    public static IdxFile Read(string path, int expectedDimensions, int[]? expectedItemShape = null)
    {
        if (!File.Exists(path))
        {
            throw new IdxFormatException($"{path}: file not found (expected an IDX file with {expectedDimensions} dimension(s)).");
        }

        try
        {
            using Stream raw = File.OpenRead(path);
            var fileLength = raw.Length;
            var gzip = IsGzip(raw);
            using var stream = gzip ? new GZipStream(raw, CompressionMode.Decompress) : raw;
            return Read(path, stream, fileLength, gzip, expectedDimensions, expectedItemShape);
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException($"{path}: the gzip stream is corrupt or cut short ({e.Message}); expected a complete gzip-compressed IDX file.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IdxFormatException($"{path}: cannot be read ({e.Message}); expected a readable IDX file.");
        }
    }

    private static IdxFile Read(string path, Stream stream, long fileLength, bool gzip, int expectedDimensions, int[]? expectedItemShape)
    {
        Span<byte> magic = stackalloc byte[4];
        var got = ReadUpTo(stream, magic);
        if (got < 4)
        {
            throw new IdxFormatException($"{path}: truncated: {got} byte(s) where a 4-byte IDX magic number was expected.");
        }

        var expectedMagic = (uint)(UnsignedByteType << 8 | expectedDimensions);
        var foundMagic = BinaryPrimitives.ReadUInt32BigEndian(magic);
        if (foundMagic != expectedMagic)
        {
            throw new IdxFormatException(
                $"{path}: wrong magic number 0x{foundMagic:X8}; expected 0x{expectedMagic:X8} (unsigned bytes, {expectedDimensions} dimension(s)).");
        }

        var dimensions = new int[expectedDimensions];
        Span<byte> word = stackalloc byte[4];
        for (var i = 0; i < expectedDimensions; i++)
        {
            if (ReadUpTo(stream, word) < 4)
            {
                throw new IdxFormatException($"{path}: truncated in the header while reading dimension {i + 1} of {expectedDimensions}.");
            }

            var dimension = BinaryPrimitives.ReadUInt32BigEndian(word);
            if (dimension == 0 || dimension > int.MaxValue)
            {
                throw new IdxFormatException($"{path}: dimension {i + 1} is {dimension}; expected a positive size.");
            }

            dimensions[i] = (int)dimension;
        }

        var shape = string.Join('x', dimensions);
        if (expectedItemShape is not null && !dimensions.AsSpan(1).SequenceEqual(expectedItemShape))
        {
            throw new IdxFormatException(
                $"{path}: items of {string.Join('x', dimensions[1..])} (header: {shape}); expected " +
                    $"{string.Join('x', expectedItemShape)}, the thesis CNN's input (MNIST and Fashion-MNIST images are 28x28).");
        }

        // Three dimensions of up to 2^31 overflow 64 bits (2^30 x 2^30 x 16 wraps to 0): stop as
        // soon as the product passes what one array can hold, long before it can wrap.
        long size = 1;
        foreach (var dimension in dimensions)
        {
            size *= dimension;
            if (size > Array.MaxLength)
            {
                throw new IdxFormatException($"{path}: the header announces {shape} items, more than " +
                    $"the {Array.MaxLength} bytes this reader supports; is it an IDX file of MNIST?");
            }
        }

        var headerBytes = 4 + 4L * expectedDimensions;
        var data = gzip ? ReadCompressed(path, stream, fileLength, size, shape) : ReadRaw(path, stream, fileLength - headerBytes, size, shape);

        Span<byte> probe = stackalloc byte[1];
        if (ReadUpTo(stream, probe) != 0)
        {
            throw new IdxFormatException(
                $"{path}: extra bytes after the {size} bytes of data announced by the header ({shape}); is it the right file?");
        }

        return new IdxFile(path, dimensions, data);
    }

    /// <summary>An uncompressed file: its length says whether the data is all there, before anything is allocated.</summary>
    private static byte[] ReadRaw(string path, Stream stream, long available, long size, string shape)
    {
        if (available < size)
        {
            throw new IdxFormatException(
                $"{path}: truncated: the header announces {shape} = {size} bytes of data but the file holds only {available}.");
        }

        if (available > size)
        {
            throw new IdxFormatException(
                $"{path}: extra bytes after the {size} bytes of data announced by the header ({shape}): the file holds {available}; is it the right file?");
        }

        var data = new byte[size];
        var read = ReadUpTo(stream, data);
        if (read < size)
        {
            throw new IdxFormatException(
                $"{path}: truncated: the header announces {shape} = {size} bytes of data but the file holds only {read}.");
        }

        return data;
    }

    /// <summary>
    /// A gzip file: its length bounds what it can decompress to, and the buffer only grows with
    /// the data that actually arrives, so a cut or lying file never costs the announced size.
    /// </summary>
    private static byte[] ReadCompressed(string path, Stream stream, long fileLength, long size, string shape)
    {
        if (size > fileLength * MaxDeflateRatio)
        {
            throw new IdxFormatException(
                $"{path}: truncated: the header announces {shape} = {size} bytes of data but a gzip file " +
                    $"of {fileLength} bytes decompresses to at most {fileLength * MaxDeflateRatio}.");
        }

        var data = new byte[Math.Min(size, FirstChunkBytes)];
        var filled = 0;
        while (true)
        {
            filled += ReadUpTo(stream, data.AsSpan(filled));
            if (filled < data.Length)
            {
                throw new IdxFormatException(
                    $"{path}: truncated: the header announces {shape} = {size} bytes of data but " +
                        $"the file decompresses to only {filled}; the gzip stream is cut short.");
            }

            if (filled == size)
            {
                return data;
            }

            Array.Resize(ref data, (int)Math.Min(size, 2L * data.Length));
        }
    }

    private static bool IsGzip(Stream stream)
    {
        Span<byte> head = stackalloc byte[2];
        var n = ReadUpTo(stream, head);
        stream.Position = 0;
        return n == 2 && head[0] == 0x1f && head[1] == 0x8b;
    }

    private static int ReadUpTo(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
