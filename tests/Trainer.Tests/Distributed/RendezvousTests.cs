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
        Socket[] listeners = LoopbackRing.Listeners(2);
        IReadOnlyList<PeerAddress> addresses = LoopbackRing.Addresses(listeners);
        byte[] wrong = Encoding.ASCII.GetBytes("another-job-token-also-32-bytes!");
        Exception?[] outcomes = LoopbackRing.Outcomes(2, rank =>
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
        Socket[] listeners = LoopbackRing.Listeners(2);
        IReadOnlyList<PeerAddress> addresses = LoopbackRing.Addresses(listeners);
        Exception?[] outcomes = LoopbackRing.Outcomes(2, rank =>
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
    public void A_missing_worker_makes_the_others_time_out_naming_the_missing_rank()
    {
        Socket[] listeners = LoopbackRing.Listeners(3);
        IReadOnlyList<PeerAddress> addresses = LoopbackRing.Addresses(listeners);
        listeners[2].Dispose(); // rank 2 never starts
        var clock = Stopwatch.StartNew();
        Exception?[] outcomes = LoopbackRing.Outcomes(2, rank =>
            LoopbackRing.Join(rank, 3, listeners, timeout: TimeSpan.FromSeconds(2), addresses: addresses).Dispose(),
            TimeSpan.FromSeconds(20));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Contains("rank 2 never connected", outcomes[0]!.Message);
        Assert.Contains("could not reach rank 2", outcomes[1]!.Message);
    }

    [Fact]
    public void A_dead_peer_makes_every_other_rank_fail_fast_with_a_clear_error()
    {
        Socket[] listeners = LoopbackRing.Listeners(3);
        IReadOnlyList<PeerAddress> addresses = LoopbackRing.Addresses(listeners);
        var clock = Stopwatch.StartNew();
        Exception?[] outcomes = LoopbackRing.Outcomes(3, rank =>
        {
            using IProcessGroup group = LoopbackRing.Join(rank, 3, listeners, timeout: TimeSpan.FromSeconds(30), addresses: addresses);
            group.AllReduce(new float[1000]);
            if (rank == 1)
            {
                return; // dies: its sockets close
            }

            for (int i = 0; i < 100; i++)
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
        Socket[] listeners = LoopbackRing.Listeners(2);
        IReadOnlyList<PeerAddress> addresses = LoopbackRing.Addresses(listeners);
        using var release = new ManualResetEventSlim();
        var clock = Stopwatch.StartNew();
        Exception?[] outcomes = LoopbackRing.Outcomes(2, rank =>
        {
            using IProcessGroup group = LoopbackRing.Join(rank, 2, listeners, timeout: TimeSpan.FromSeconds(1), addresses: addresses);
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
    public void Swarm_discovery_finds_every_rank_among_shuffled_addresses_on_one_port()
    {
        // Three "tasks" on 127.0.0.1-3, all on the same port, as containers on an overlay network would be.
        Socket first = RingRendezvous.Listen(IPAddress.Parse("127.0.0.1"), 0);
        int port = ((IPEndPoint)first.LocalEndPoint!).Port;
        Socket[] listeners = [first, RingRendezvous.Listen(IPAddress.Parse("127.0.0.2"), port), RingRendezvous.Listen(IPAddress.Parse("127.0.0.3"), port)];
        IPAddress[] dns = [IPAddress.Parse("127.0.0.3"), IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.2")];

        float[][] results = LoopbackRing.RunEach(3, rank => new RingRendezvous(
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
        Socket listener = RingRendezvous.Listen(IPAddress.Loopback, 0);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var rendezvous = new RingRendezvous(0, new JobCredentials("swarm-job", 3, LoopbackRing.Token), listener,
            new SwarmDnsLocator(new PeerAddress("tasks.worker", port), 3, _ => [IPAddress.Loopback]), TimeSpan.FromSeconds(1), _ => { });

        var failure = Assert.Throws<PeerFailureException>(() => rendezvous.Join().Dispose());
        Assert.Contains("returned 1 of 3 address(es)", failure.Message);
    }
}
