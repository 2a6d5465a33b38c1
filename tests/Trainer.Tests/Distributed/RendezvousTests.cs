using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Testbed.Trainer.Distributed;

namespace Testbed.Trainer.Tests.Distributed;

public sealed class RendezvousTests
{
    [Fact]
    public void A_worker_with_a_wrong_token_is_refused_on_both_sides()
    {
        var listeners = LoopbackRing.Listeners(2);
        var addresses = LoopbackRing.Addresses(listeners);
        var wrong = Encoding.ASCII.GetBytes("another-job-token-also-32-bytes!");
        var outcomes = LoopbackRing.Outcomes(2, rank =>
            LoopbackRing.Join(rank, 2, listeners, timeout: TimeSpan.FromSeconds(2), token: rank == 1 ? wrong : null, addresses: addresses).Dispose(),
            TimeSpan.FromSeconds(20));

        Assert.All(outcomes, e =>
        {
            Assert.IsType<HandshakeRefusedException>(e);
            Assert.Contains("token", e!.Message);
        });
    }

    [Fact]
    public void A_worker_of_another_job_is_refused_with_both_job_ids_named()
    {
        var listeners = LoopbackRing.Listeners(2);
        var addresses = LoopbackRing.Addresses(listeners);
        var outcomes = LoopbackRing.Outcomes(2, rank =>
            LoopbackRing.Join(rank, 2, listeners, timeout: TimeSpan.FromSeconds(2), jobId: rank == 1 ? "job-b" : "job-a", addresses: addresses).Dispose(),
            TimeSpan.FromSeconds(20));

        Assert.All(outcomes, e =>
        {
            Assert.IsType<HandshakeRefusedException>(e);
            Assert.Contains("job-a", e!.Message);
            Assert.Contains("job-b", e.Message);
        });
    }

    [Fact]
    public void A_worker_given_the_other_ring_tags_choice_is_refused_naming_both()
    {
        var listeners = LoopbackRing.Listeners(2);
        var addresses = LoopbackRing.Addresses(listeners);
        var outcomes = LoopbackRing.Outcomes(2, rank =>
            LoopbackRing.Join(rank, 2, listeners, timeout: TimeSpan.FromSeconds(2), addresses: addresses, tags: rank == 0).Dispose(),
            TimeSpan.FromSeconds(20));

        Assert.All(outcomes, e =>
        {
            Assert.IsType<HandshakeRefusedException>(e);
            Assert.Contains("--ring-tags true", e!.Message);
            Assert.Contains("--ring-tags false", e.Message);
        });
    }

    [Fact]
    public void A_missing_worker_makes_the_others_time_out_naming_the_missing_rank()
    {
        var listeners = LoopbackRing.Listeners(3);
        var addresses = LoopbackRing.Addresses(listeners);
        listeners[2].Dispose(); // rank 2 never starts
        var clock = Stopwatch.StartNew();
        var outcomes = LoopbackRing.Outcomes(2, rank =>
            LoopbackRing.Join(rank, 3, listeners, timeout: TimeSpan.FromSeconds(2), addresses: addresses).Dispose(),
            TimeSpan.FromSeconds(20));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Contains("rank 2 never connected", outcomes[0]!.Message);
        Assert.Contains("could not reach rank 2", outcomes[1]!.Message);
    }

    [Fact]
    public void A_dead_peer_makes_every_other_rank_fail_fast_with_a_clear_error()
    {
        var listeners = LoopbackRing.Listeners(3);
        var addresses = LoopbackRing.Addresses(listeners);
        var clock = Stopwatch.StartNew();
        var outcomes = LoopbackRing.Outcomes(3, rank =>
        {
            using var group = LoopbackRing.Join(rank, 3, listeners, timeout: TimeSpan.FromSeconds(30), addresses: addresses);
            group.AllReduce(new float[1000]);
            if (rank == 1)
            {
                return; // dies: its sockets close
            }

            for (var i = 0; i < 100; i++)
            {
                group.AllReduce(new float[100_000]);
            }
        }, TimeSpan.FromSeconds(20));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:0.0} s, far below the 30 s timeout expected");
        Assert.Null(outcomes[1]);
        Assert.IsType<PeerFailureException>(outcomes[0]);
        Assert.IsType<PeerFailureException>(outcomes[2]);
        Assert.Contains("rank 1", outcomes[2]!.Message); // rank 2 receives from the dead rank 1
    }

    [Fact]
    public void A_silent_peer_makes_the_others_fail_after_the_timeout()
    {
        var listeners = LoopbackRing.Listeners(2);
        var addresses = LoopbackRing.Addresses(listeners);
        using var release = new ManualResetEventSlim();
        var clock = Stopwatch.StartNew();
        var outcomes = LoopbackRing.Outcomes(2, rank =>
        {
            using var group = LoopbackRing.Join(rank, 2, listeners, timeout: TimeSpan.FromSeconds(1), addresses: addresses);
            if (rank == 1)
            {
                release.Wait(TimeSpan.FromSeconds(10)); // alive, connected, but never answers
                return;
            }

            try
            {
                group.AllReduce(new float[10]);
            }
            finally
            {
                release.Set();
            }
        }, TimeSpan.FromSeconds(20));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8));
        var failure = Assert.IsType<PeerFailureException>(outcomes[0]);
        Assert.Contains("timed out", failure.Message);
    }

    [Fact]
    public void A_stranger_trickling_its_hello_is_dropped_after_the_handshake_limit_and_the_ring_still_forms()
    {
        var listeners = LoopbackRing.Listeners(2);
        var addresses = LoopbackRing.Addresses(listeners);
        var endpoint = new IPEndPoint(IPAddress.Loopback, addresses[0].Port);
        RingRendezvous Rendezvous(int rank) => new(rank, new JobCredentials("test-job", 2, LoopbackRing.Token), listeners[rank],
            new StaticPeerLocator(addresses), TimeSpan.FromSeconds(6), _ => { }) { HandshakeLimit = TimeSpan.FromSeconds(1) };
        using var stop = new CancellationTokenSource();
        using var strangerIsFirst = new ManualResetEventSlim();
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _ = Task.Factory.StartNew(() =>
        {
            try
            {
                ConnectWhenListening(stranger, endpoint);
                strangerIsFirst.Set();
                foreach (var b in "TBRING02"u8.ToArray().Concat(new byte[100]))
                {
                    stranger.Send([b]); // one byte every 500 ms: each receive alone never times out, the hello takes 27 s
                    if (stop.Token.WaitHandle.WaitOne(500))
                    {
                        return;
                    }
                }
            }
            catch (SocketException)
            {
                // Dropped by rank 0: what should happen.
            }
        }, TaskCreationOptions.LongRunning);

        try
        {
            var worlds = LoopbackRing.RunEach(2, rank =>
            {
                if (rank == 1)
                {
                    // The stranger's connection is established, so it is ahead of rank 1's in rank 0's
                    // accept queue (first in, first out): rank 0 takes it first, however late it accepts.
                    Assert.True(strangerIsFirst.Wait(TimeSpan.FromSeconds(5)), "the stranger did not connect within 5 s");
                }

                return Rendezvous(rank).Join();
            }, group => group.WorldSize);

            Assert.Equal([2, 2], worlds);
        }
        finally
        {
            stop.Cancel();
        }
    }

    [Fact]
    public void Once_the_ring_is_formed_a_second_connection_for_a_rank_is_refused()
    {
        var listeners = LoopbackRing.Listeners(2);
        var addresses = LoopbackRing.Addresses(listeners);
        var refused = LoopbackRing.RunEach(2, rank => LoopbackRing.Join(rank, 2, listeners, addresses: addresses), group =>
        {
            group.Barrier(); // both ranks have accepted their previous rank
            // A worker with the right token claiming the same rank again: the port no longer listens.
            using var again = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var error = Assert.Throws<SocketException>(() => again.Connect(IPAddress.Loopback, addresses[group.Rank].Port));
            group.Barrier();
            return error.SocketErrorCode == SocketError.ConnectionRefused;
        });

        Assert.All(refused, Assert.True);
    }

    [Fact]
    public void A_hello_announcing_a_long_job_id_is_refused_before_reading_it()
    {
        using var listener = RingRendezvous.Listen(IPAddress.Loopback, 0);
        listener.Listen(1);
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        stranger.Connect(listener.LocalEndPoint!);
        using var accepted = listener.Accept();
        var hello = new byte[Handshake.HeadBytes];
        "TBRING02"u8.CopyTo(hello);
        hello[^2] = 0xFF; // a job id of 65,535 bytes, never sent
        hello[^1] = 0xFF;
        stranger.Send(hello);

        var error = Assert.Throws<HandshakeRefusedException>(() =>
            Handshake.Accept(accepted, new JobCredentials("test-job", 2, LoopbackRing.Token), 0, 1, Deadline.In(TimeSpan.FromSeconds(5))));

        Assert.Contains("job id of 65535 bytes", error.Message);
    }

    private static void ConnectWhenListening(Socket socket, IPEndPoint endpoint)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                socket.Connect(endpoint);
                return;
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(5))
            {
                Thread.Sleep(20);
            }
        }
    }

    [Fact]
    public void Swarm_discovery_finds_every_rank_among_shuffled_addresses_on_one_port()
    {
        // Three "tasks" on 127.0.0.1-3, all on the same port, as containers on an overlay network would be.
        var first = RingRendezvous.Listen(IPAddress.Parse("127.0.0.1"), 0);
        var port = ((IPEndPoint)first.LocalEndPoint!).Port;
        Socket[] listeners = [first, RingRendezvous.Listen(IPAddress.Parse("127.0.0.2"), port), RingRendezvous.Listen(IPAddress.Parse("127.0.0.3"), port)];
        IPAddress[] dns = [IPAddress.Parse("127.0.0.3"), IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.2")];

        var results = LoopbackRing.RunEach(3, rank => new RingRendezvous(
            rank,
            new JobCredentials("swarm-job", 3, LoopbackRing.Token),
            listeners[rank],
            new SwarmDnsLocator(new PeerAddress("tasks.worker", port), 3, _ => dns),
            TimeSpan.FromSeconds(20),
            m => Console.Error.WriteLine($"rank {rank}: {m}")).Join(),
            group =>
            {
                float[] buffer = [group.Rank, 10 * group.Rank];
                group.AllReduce(buffer);
                return buffer;
            });

        Assert.All(results, r => Assert.Equal([1f, 10f], r));
    }

    [Fact]
    public void Swarm_discovery_times_out_saying_how_many_addresses_dns_returned()
    {
        var listener = RingRendezvous.Listen(IPAddress.Loopback, 0);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var rendezvous = new RingRendezvous(0, new JobCredentials("swarm-job", 3, LoopbackRing.Token), listener,
            new SwarmDnsLocator(new PeerAddress("tasks.worker", port), 3, _ => [IPAddress.Loopback]), TimeSpan.FromSeconds(1), _ => { });

        var failure = Assert.Throws<PeerFailureException>(() => rendezvous.Join().Dispose());
        Assert.Contains("returned 1 of 3 address(es)", failure.Message);
    }
}
