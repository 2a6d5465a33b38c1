using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Testbed.Trainer.Distributed;

namespace Testbed.Trainer.Tests.Distributed;

/// <summary>
/// Every collective and every rendezvous lookup ends within the timeout, however the peer
/// behaves: a peer that keeps each socket call alive with a byte now and then must not hold a
/// worker for ever (each call alone would never time out).
/// </summary>
public sealed class DeadlineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    [Fact]
    public void A_peer_sending_one_byte_at_a_time_cannot_hold_a_collective_past_the_timeout()
    {
        using var peer = new FakePeer();
        using var group = peer.Group();
        peer.Drain(bytesPerTick: 1 << 20);
        // The header and the reduce-scatter's 2,000 bytes at once (so rank 0's sender is not kept
        // waiting), then the all-gather's 2,000 bytes at 1 byte every 100 ms: each receive
        // succeeds well within the 1 s timeout, the whole would take 200 s. Every message is
        // genuine (sealed with the link's key): only the pace is wrong.
        var messages = peer.Messages(Header(operation: 1, sequence: 1, floats: 1000), [500 * sizeof(float), 500 * sizeof(float)]);
        peer.Send(messages[..(messages.Length - 500 * sizeof(float) - MessageSeal.TrailerBytes)],
            then: messages[^(500 * sizeof(float) + MessageSeal.TrailerBytes)..]);

        var failure = Run(() => group.AllReduce(new float[1000]), peer);

        var error = Assert.IsType<PeerFailureException>(failure);
        Assert.Contains("rank 1", error.Message);
        Assert.Contains("timed out", error.Message);
    }

    [Fact]
    public void A_peer_taking_data_a_little_at_a_time_cannot_hold_a_collective_past_the_timeout()
    {
        const int floats = 16 << 20; // 32 MB to send to the peer, far more than the sockets buffer
        using var peer = new FakePeer();
        using var group = peer.Group();
        // Everything rank 0 must receive arrives at once; it takes what rank 0 sends at 2.5 MB/s (13 s).
        var blocks = RingPlan.AllReduce(0, 2, floats, 0, floats, RingProcessGroup.DefaultBlockFloats).Arrivals.Select(a => a.Count * sizeof(float));
        peer.Send(peer.Messages(Header(operation: 1, sequence: 1, floats), [.. blocks]), then: []);
        peer.Drain(bytesPerTick: 256 << 10);

        var failure = Run(() => group.AllReduce(new float[floats]), peer);

        var error = Assert.IsType<PeerFailureException>(failure);
        Assert.Contains("rank 1", error.Message);
        Assert.Contains("timed out", error.Message);
    }

    [Fact]
    public void A_dns_lookup_that_never_answers_ends_with_the_rendezvous_timeout_naming_the_lookup()
    {
        var listener = RingRendezvous.Listen(IPAddress.Loopback, 0);
        using var answer = new ManualResetEventSlim();
        var rendezvous = new RingRendezvous(0, new JobCredentials("dns-job", 2, LoopbackRing.Token), listener,
            new SwarmDnsLocator(new PeerAddress("tasks.worker", 29500), 2, _ =>
            {
                answer.Wait(TimeSpan.FromSeconds(30)); // a resolver that does not answer (until the test is over)
                return [];
            }),
            Timeout, _ => { });

        var failure = Run(() => rendezvous.Join().Dispose(), peer: null);
        answer.Set();

        var error = Assert.IsType<PeerFailureException>(failure);
        Assert.Contains("tasks.worker", error.Message);
        Assert.Contains("no answer", error.Message);
    }

    /// <summary>Runs <paramref name="work"/> and returns its exception; fails if it is still running after 8 timeouts.</summary>
    private static Exception? Run(Action work, FakePeer? peer)
    {
        var clock = Stopwatch.StartNew();
        var task = Task.Factory.StartNew(work, TaskCreationOptions.LongRunning);
        var finished = ((IAsyncResult)task).AsyncWaitHandle.WaitOne(8 * Timeout);
        if (!finished)
        {
            peer?.Dispose(); // lets the collective fail so the test does not hang for minutes
            Assert.Fail($"still running after {clock.Elapsed.TotalSeconds:0.0} s with a {Timeout.TotalSeconds} s timeout");
        }

        Assert.True(clock.Elapsed < 5 * Timeout, $"took {clock.Elapsed.TotalSeconds:0.0} s with a {Timeout.TotalSeconds} s timeout");
        return task.Exception?.InnerException;
    }

    private static byte[] Header(uint operation, uint sequence, int floats)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x5442_4F50);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), operation);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(12), (uint)floats);
        return header;
    }

    /// <summary>
    /// Rank 1 of a world of 2, played by the test over plain loopback sockets (the handshake is
    /// not the point here, so the links get keys of the test's making): rank 0 sends to it on one
    /// connection and receives from it on another.
    /// </summary>
    private sealed class FakePeer : IDisposable
    {
        private readonly Socket _listener = RingRendezvous.Listen(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly LinkKeys _keys = new(RandomNumberGenerator.GetBytes(LinkKeys.KeyBytes), RandomNumberGenerator.GetBytes(LinkKeys.KeyBytes));
        private Socket? _toPeer, _peerReceives, _fromPeer, _peerSends;

        public RingProcessGroup Group()
        {
            _listener.Listen(2);
            (_toPeer, _peerReceives) = Pair();
            (_fromPeer, _peerSends) = Pair();
            return new RingProcessGroup(0, 2, new PeerLink(_toPeer, 1, Timeout, _keys), new PeerLink(_fromPeer, 1, Timeout, _keys));
        }

        /// <summary>What a genuine rank 1 sends rank 0: the header, then zero-filled blocks of these sizes, each sealed with the link's key.</summary>
        public byte[] Messages(byte[] header, int[] blockBytes)
        {
            using var seal = new MessageSeal(_keys.Receive);
            var stream = new List<byte>();
            foreach (var message in blockBytes.Select(n => new byte[n]).Prepend(header))
            {
                var trailer = new byte[MessageSeal.TrailerBytes];
                seal.Seal(message, trailer);
                stream.AddRange(message);
                stream.AddRange(trailer);
            }

            return [.. stream];
        }

        /// <summary>Sends <paramref name="first"/> at once, then <paramref name="then"/> one byte every 100 ms.</summary>
        public void Send(byte[] first, byte[] then) => Background(() =>
        {
            _peerSends!.Send(first);
            for (var i = 0; i < then.Length && !_stop.IsCancellationRequested; i++)
            {
                _peerSends.Send(then.AsSpan(i, 1));
                _stop.Token.WaitHandle.WaitOne(100); // the trickle under test, not a wait; ends with the test
            }
        });

        /// <summary>Reads at most <paramref name="bytesPerTick"/> bytes every 100 ms.</summary>
        public void Drain(int bytesPerTick) => Background(() =>
        {
            var buffer = new byte[bytesPerTick];
            while (!_stop.IsCancellationRequested && _peerReceives!.Receive(buffer) > 0)
            {
                _stop.Token.WaitHandle.WaitOne(100); // the slow reader under test, not a wait; ends with the test
            }
        });

        private void Background(Action action) => Task.Factory.StartNew(() =>
        {
            try
            {
                action();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Rank 0 gave up and closed: the point of the test.
            }
        }, TaskCreationOptions.LongRunning);

        private (Socket Client, Socket Server) Pair()
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(_listener.LocalEndPoint!);
            return (client, _listener.Accept());
        }

        public void Dispose()
        {
            _stop.Cancel();
            foreach (var socket in new[] { _peerReceives, _peerSends, _listener })
            {
                socket?.Dispose();
            }
        }
    }
}
