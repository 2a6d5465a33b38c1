using System.Net;
using System.Net.Sockets;
using Testbed.Trainer.Distributed;

namespace Testbed.Trainer.Tests.Distributed;

/// <summary>
/// Someone on the path between two ranks: it relays one connection both ways, passes the
/// handshake on untouched (it cannot forge that without the token), then hands each message the
/// connecting rank sends (payload and trailer, as the sizes given say) to <c>tamper</c>, which
/// returns what to pass on instead: nothing, the message, it twice, another message. What comes
/// back from the accepting rank is passed on untouched.
/// </summary>
internal sealed class TamperingRelay : IDisposable
{
    private readonly Socket _listener = RingRendezvous.Listen(IPAddress.Loopback, 0);
    private readonly List<Socket> _sockets = [];

    public TamperingRelay(IPEndPoint target, string jobId, int[] payloadBytes, Func<int, byte[], IEnumerable<byte[]>> tamper)
    {
        _listener.Listen(1);
        Task.Factory.StartNew(() => Run(target, Handshake.ConnectorBytes(jobId), payloadBytes, tamper), TaskCreationOptions.LongRunning);
    }

    public PeerAddress Address => new("127.0.0.1", ((IPEndPoint)_listener.LocalEndPoint!).Port);

    private void Run(IPEndPoint target, int handshakeBytes, int[] payloadBytes, Func<int, byte[], IEnumerable<byte[]>> tamper)
    {
        try
        {
            var connector = _listener.Accept();
            lock (_sockets) _sockets.Add(connector);
            var acceptor = ConnectWhenListening(target);
            Task.Factory.StartNew(() => Pump(acceptor, connector), TaskCreationOptions.LongRunning);
            // Byte by byte as it comes: each side waits for the other's hello before it proves itself.
            for (var i = 0; i < handshakeBytes; i++) acceptor.Send(Read(connector, 1));
            for (var i = 0; i < payloadBytes.Length; i++)
            {
                foreach (var message in tamper(i, Read(connector, payloadBytes[i] + MessageSeal.TrailerBytes)))
                    acceptor.Send(message);
            }
            Pump(connector, acceptor);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            // A rank gave up and closed: what the tampering is meant to cause.
        }
    }

    /// <summary>Rank 1 may not listen yet when rank 0 reaches the relay: try again, as rank 0 itself would.</summary>
    private Socket ConnectWhenListening(IPEndPoint target)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            lock (_sockets) _sockets.Add(socket);
            try
            {
                socket.Connect(target);
                return socket;
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                socket.Dispose();
                Thread.Sleep(20);
            }
        }
    }

    private static byte[] Read(Socket socket, int count)
    {
        var data = new byte[count];
        for (var got = 0; got < count;)
        {
            var n = socket.Receive(data, got, count - got, SocketFlags.None);
            if (n == 0) throw new IOException("closed");
            got += n;
        }

        return data;
    }

    private static void Pump(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = from.Receive(buffer)) > 0) to.Send(buffer.AsSpan(0, n));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // One side closed.
        }
        finally
        {
            try { to.Shutdown(SocketShutdown.Send); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        lock (_sockets) foreach (var socket in _sockets) socket.Dispose();
    }
}
