using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Testbed.Trainer.Cli;

namespace Testbed.Trainer.Bench;

/// <summary>
/// `bench pingpong`: the round-trip time of a network path, as a small TCP ping-pong (64-byte
/// messages by default, Nagle off), the latency side of what iperf3's throughput measures. One end
/// listens (`--listen PORT`, answers one connection, then exits), the other connects
/// (`--connect HOST:PORT`) and prints the median and 90th percentile round trip in µs.
/// </summary>
public static class PingPongBench
{
    private static readonly Option<int?> Listen = EnvOption.OptionalInt("--listen", "Answer one client on this TCP port, then exit.");
    private static readonly Option<string?> Connect = new("--connect") { Description = "HOST:PORT of a listening end: measure and print the round-trip time." };
    private static readonly Option<int> Count = EnvOption.Int("--count", "Measured round trips (after 100 warm-up ones).", 2000);
    private static readonly Option<int> Size = EnvOption.Int("--size", "Bytes per message.", 64);

    public static Command Create()
    {
        var command = new Command("pingpong", "Measure a network path's TCP round-trip time: one end --listen PORT, the other --connect HOST:PORT.")
        {
            Listen, Connect, Count, Size,
        };
        command.SetAction(flags => Run(flags));
        return command;
    }

    private static int Run(ParseResult flags)
    {
        var size = flags.GetValue(Size) is >= 1 and <= 65536 and var s ? s
            : throw new InputException($"--size {flags.GetValue(Size)}: expected 1 to 65536 bytes.");
        var count = flags.GetValue(Count) is >= 1 and <= 1_000_000 and var c ? c
            : throw new InputException($"--count {flags.GetValue(Count)}: expected 1 to 1000000.");
        var buffer = new byte[size];
        if (flags.GetValue(Listen) is { } port)
        {
            if (port is < 1 or > 65535) throw new InputException($"--listen {port}: expected a TCP port, 1 to 65535.");
            var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            using var client = listener.AcceptSocket();
            listener.Stop();
            client.NoDelay = true;
            // Echo every message until the client hangs up.
            while (Receive(client, buffer)) client.Send(buffer);
            return 0;
        }
        if (flags.GetValue(Connect) is not { } target)
            throw new InputException("pingpong: expected --connect HOST:PORT of an end started with --listen, or --listen PORT.");
        var peer = Distributed.PeerAddress.Parse(target, "--connect");

        using var socket = ConnectWithRetry(peer.Host, peer.Port, TimeSpan.FromSeconds(15));
        socket.NoDelay = true;
        var microseconds = new double[count];
        for (var i = -100; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            socket.Send(buffer);
            if (!Receive(socket, buffer)) throw new InputException($"--connect {target}: the other end closed after {Math.Max(0, i + 100)} round trips.");
            if (i >= 0) microseconds[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(microseconds);
        string N(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
        Console.WriteLine($"pingpong rtt_us median={N(microseconds[count / 2])} p90={N(microseconds[(int)(count * 0.9)])} count={count} size={size}");
        return 0;
    }

    /// <summary>The listening end may still be starting: retry until it answers or the time is up.</summary>
    private static Socket ConnectWithRetry(string host, int port, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Connect(host, port);
                return socket;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                Thread.Sleep(100);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw new InputException($"--connect {host}:{port}: nothing answers ({e.SocketErrorCode}).");
            }
        }
    }

    private static bool Receive(Socket socket, byte[] buffer)
    {
        for (var read = 0; read < buffer.Length;)
        {
            var n = socket.Receive(buffer, read, buffer.Length - read, SocketFlags.None);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }
}
