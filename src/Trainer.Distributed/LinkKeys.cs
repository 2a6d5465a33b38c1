using System.Security.Cryptography;
using System.Text;

namespace Testbed.Trainer.Distributed;

/// <summary>
/// The two keys of one ring connection, one per direction, that authenticate every message after
/// the handshake. Derived with HKDF-SHA256: the job token is the secret, the two hellos of this
/// connection (each with its fresh nonce) the salt, the direction the label. So a relay that saw
/// the handshake but lacks the token cannot compute them, no two connections share a key (fresh
/// nonces), and no message can be turned round onto the other direction.
/// </summary>
public sealed record LinkKeys(byte[] Send, byte[] Receive)
{
    public const int KeyBytes = 32;

    private static readonly byte[] ConnectorToAcceptor = Encoding.ASCII.GetBytes("testbed ring v1: connector to acceptor");
    private static readonly byte[] AcceptorToConnector = Encoding.ASCII.GetBytes("testbed ring v1: acceptor to connector");

    /// <param name="transcript">The connecting side's hello then the accepting side's, as sent.</param>
    public static LinkKeys Derive(byte[] token, ReadOnlySpan<byte> transcript, bool isConnector)
    {
        Span<byte> prk = stackalloc byte[32];
        HKDF.Extract(HashAlgorithmName.SHA256, token, transcript, prk);
        byte[] up = new byte[KeyBytes], down = new byte[KeyBytes];
        HKDF.Expand(HashAlgorithmName.SHA256, prk, up, ConnectorToAcceptor);
        HKDF.Expand(HashAlgorithmName.SHA256, prk, down, AcceptorToConnector);
        CryptographicOperations.ZeroMemory(prk);
        return isConnector ? new LinkKeys(up, down) : new LinkKeys(down, up);
    }
}
