using System.Net.Sockets;

namespace Testbed.Trainer.Distributed;

/// <summary>
/// One established, authenticated TCP connection to a ring neighbour. Blocking calls with the
/// job's timeout on every send and receive, so a silent peer is detected in bounded time, and
/// errors that say which peer failed and how. Messages (<see cref="SendMessage"/>,
/// <see cref="ReceiveMessage"/>) carry a <see cref="MessageSeal"/> trailer under the keys the
/// handshake derived, so after the handshake, too, only a holder of the job token can speak.
/// </summary>
public sealed class PeerLink : IDisposable
{
    /// <summary>Messages up to this size leave with their trailer in one send (a collective's header).</summary>
    private const int SmallMessageBytes = 64;

    private readonly Socket _socket;
    private readonly MessageSeal _sendSeal;
    private readonly MessageSeal _receiveSeal;
    private long _bytesSent;
    private long _bytesReceived;
    private int _disposed;

    public PeerLink(Socket socket, int peerRank, TimeSpan timeout, LinkKeys keys)
    {
        _socket = socket;
        _sendSeal = new MessageSeal(keys.Send);
        _receiveSeal = new MessageSeal(keys.Receive);
        PeerRank = peerRank;
        Timeout = timeout;
        Description = $"rank {peerRank} ({socket.RemoteEndPoint})";
        socket.NoDelay = true;
        socket.SendTimeout = (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds);
        socket.ReceiveTimeout = socket.SendTimeout;
    }

    public int PeerRank { get; }
    public string Description { get; }
    public TimeSpan Timeout { get; }
    public long BytesSent => Interlocked.Read(ref _bytesSent);
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>
    /// Sends one message with its trailer (sequence number and tag). Without
    /// <paramref name="authenticate"/> only the bytes: for the benchmark that measures what the
    /// authentication costs, where every rank skips it for the same collectives.
    /// </summary>
    public void SendMessage(ReadOnlySpan<byte> message, bool authenticate = true)
    {
        if (!authenticate)
        {
            Send(message);
            return;
        }

        if (message.Length <= SmallMessageBytes)
        {
            Span<byte> whole = stackalloc byte[SmallMessageBytes + MessageSeal.TrailerBytes];
            message.CopyTo(whole);
            _sendSeal.Seal(message, whole.Slice(message.Length, MessageSeal.TrailerBytes));
            Send(whole[..(message.Length + MessageSeal.TrailerBytes)]);
            return;
        }

        Span<byte> trailer = stackalloc byte[MessageSeal.TrailerBytes];
        _sendSeal.Seal(message, trailer);
        Send(message);
        Send(trailer);
    }

    /// <summary>
    /// Receives one message of exactly <paramref name="message"/>'s length and its trailer, and
    /// checks it before returning: a forged, altered, replayed or reordered message throws.
    /// </summary>
    public void ReceiveMessage(Span<byte> message, bool authenticate = true)
    {
        Receive(message);
        if (!authenticate)
        {
            return;
        }

        Span<byte> trailer = stackalloc byte[MessageSeal.TrailerBytes];
        Receive(trailer);
        _receiveSeal.Open(message, trailer, Description);
    }

    private void Send(ReadOnlySpan<byte> data)
    {
        try
        {
            while (!data.IsEmpty)
            {
                var n = _socket.Send(data);
                data = data[n..];
                Interlocked.Add(ref _bytesSent, n);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            throw Failure("sending to", e);
        }
    }

    private void Receive(Span<byte> data)
    {
        try
        {
            while (!data.IsEmpty)
            {
                var n = _socket.Receive(data);
                if (n == 0)
                {
                    throw new PeerFailureException(
                        $"{Description} closed the connection: that worker died or gave up (see its log); this worker cannot continue.");
                }

                data = data[n..];
                Interlocked.Add(ref _bytesReceived, n);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            throw Failure("receiving from", e);
        }
    }

    /// <summary>Unblocks any thread in Send or Receive on this link (used to abort a collective).</summary>
    public void Abort()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed: nothing left to unblock.
        }
    }

    private PeerFailureException Failure(string action, Exception e)
    {
        if (e is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock })
        {
            return new PeerFailureException(
                $"{action} {Description} timed out after {Timeout.TotalSeconds:0.#} s: that " +
                    $"worker is stuck, stopped or unreachable (--timeout sets the limit).", e);
        }

        return new PeerFailureException($"{action} {Description} failed: {e.Message}; that worker died or the network broke.", e);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Abort();
            _socket.Dispose();
            _sendSeal.Dispose();
            _receiveSeal.Dispose();
        }
    }
}
