using System.Net.Sockets;

namespace Testbed.Trainer.Distributed;

/// <summary>
/// One established, authenticated TCP connection to a ring neighbour. Blocking calls with the
/// job's timeout on every send and receive, so a silent peer is detected in bounded time, and
/// errors that say which peer failed and how.
/// </summary>
public sealed class PeerLink : IDisposable
{
    private readonly Socket _socket;
    private long _bytesSent;
    private long _bytesReceived;
    private int _disposed;

    public PeerLink(Socket socket, int peerRank, TimeSpan timeout)
    {
        _socket = socket;
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

    public void Send(ReadOnlySpan<byte> data)
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

    public void Receive(Span<byte> data)
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
                $"{action} {Description} timed out after {Timeout.TotalSeconds:0.#} s: that worker is stuck, stopped or unreachable (--timeout sets the limit).", e);
        }

        return new PeerFailureException($"{action} {Description} failed: {e.Message}; that worker died or the network broke.", e);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Abort();
            _socket.Dispose();
        }
    }
}
