using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Testbed.Trainer.Distributed;

/// <summary>
/// Authenticates one direction of a ring connection, message by message. Each message gets a
/// trailer: its sequence number (8 bytes, counted from 0 per direction) and a 16-byte AES-GCM tag
/// over the message with that number as the nonce (a GMAC: the data is authenticated, not
/// encrypted, and AES-NI with carry-less multiplication makes it cost little beside the copy the
/// kernel makes anyway). The receiving side checks the tag first, then that the number is the
/// one it expects: an altered or forged message, one replayed, and one out of order (a message
/// dropped or two swapped) each fail with their own message. Not thread-safe: one thread seals,
/// another opens, each on its own instance.
/// </summary>
public sealed class MessageSeal : IDisposable
{
    public const int TagBytes = 16;
    public const int TrailerBytes = sizeof(ulong) + TagBytes;

    private readonly AesGcm _aes;
    private readonly byte[] _nonce = new byte[12];
    private ulong _next;

    public MessageSeal(byte[] key) => _aes = new AesGcm(key, TagBytes);

    /// <summary>The sequence number the next message gets (sealing) or must carry (opening).</summary>
    public ulong Next => _next;

    public void Seal(ReadOnlySpan<byte> message, Span<byte> trailer)
    {
        var sequence = _next++;
        BinaryPrimitives.WriteUInt64BigEndian(trailer, sequence);
        _aes.Encrypt(Nonce(sequence), ReadOnlySpan<byte>.Empty, Span<byte>.Empty, trailer.Slice(sizeof(ulong), TagBytes), message);
    }

    /// <summary>Checks <paramref name="message"/> against its trailer; throws, naming <paramref name="peer"/>, when it is not the next genuine one.</summary>
    public void Open(ReadOnlySpan<byte> message, ReadOnlySpan<byte> trailer, string peer)
    {
        var claimed = BinaryPrimitives.ReadUInt64BigEndian(trailer);
        try
        {
            _aes.Decrypt(Nonce(claimed), ReadOnlySpan<byte>.Empty, trailer.Slice(sizeof(ulong), TagBytes), Span<byte>.Empty, message);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new PeerFailureException(
                $"message #{_next} from {peer} ({message.Length} bytes) failed authentication: " +
                    $"it was altered on the way, or sent by someone without this job's token. " +
                "Stopping: the ring's traffic cannot be trusted.");
        }

        if (claimed != _next)
        {
            var what = claimed < _next
                ? $"a replay: message #{claimed} from {peer} arrived again where #{_next} was due"
                : $"out of order: message #{claimed} from {peer} arrived where #{_next} was due (a message was dropped or moved)";
            throw new PeerFailureException($"{what}. Its tag is genuine, so someone on the path is replaying " +
                $"or reordering this connection's traffic. Stopping: the ring's traffic cannot be trusted.");
        }

        _next++;
    }

    private byte[] Nonce(ulong sequence)
    {
        // 4 zero bytes, then the number: each key (one per direction and connection) never sees a nonce twice.
        BinaryPrimitives.WriteUInt64BigEndian(_nonce.AsSpan(4), sequence);
        return _nonce;
    }

    public void Dispose() => _aes.Dispose();
}
