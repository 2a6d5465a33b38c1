using System.Net;
using System.Net.Sockets;
using System.Text;
using Testbed.Trainer.Distributed;

namespace Testbed.Trainer.Tests.Distributed;

/// <summary>In-process workers on loopback: each rank on its own thread with its own listener (port 0, so never a fixed port).</summary>
internal static class LoopbackRing
{
    public static readonly byte[] Token = Encoding.ASCII.GetBytes("a-job-token-of-32-bytes-for-test");

    /// <summary>Forms a ring of <paramref name="worldSize"/> ranks and runs <paramref name="work"/> on every rank in parallel.</summary>
    public static T[] Run<T>(int worldSize, Func<IProcessGroup, T> work, int blockFloats = RingProcessGroup.DefaultBlockFloats, TimeSpan? timeout = null)
    {
        var listeners = Listeners(worldSize);
        var addresses = Addresses(listeners);
        return RunEach(worldSize, rank => Join(rank, worldSize, listeners, blockFloats, timeout, addresses: addresses), work);
    }

    public static Socket[] Listeners(int worldSize) =>
        [.. Enumerable.Range(0, worldSize).Select(_ => RingRendezvous.Listen(IPAddress.Loopback, 0))];

    public static IReadOnlyList<PeerAddress> Addresses(Socket[] listeners) =>
        [.. listeners.Select(l => new PeerAddress("127.0.0.1", ((IPEndPoint)l.LocalEndPoint!).Port))];

    public static IProcessGroup Join(int rank, int worldSize, Socket[] listeners, int blockFloats = RingProcessGroup.DefaultBlockFloats,
        TimeSpan? timeout = null, byte[]? token = null, string jobId = "test-job", IReadOnlyList<PeerAddress>? addresses = null, bool tags = true)
    {
        var rendezvous = new RingRendezvous(
            rank,
            new JobCredentials(jobId, worldSize, token ?? Token) { MessageTags = tags },
            listeners[rank],
            new StaticPeerLocator(addresses ?? Addresses(listeners)),
            timeout ?? TimeSpan.FromSeconds(20),
            _ => { },
            blockFloats);
        return rendezvous.Join();
    }

    /// <summary>Runs one function per rank on its own thread and returns results by rank, rethrowing the first failure.</summary>
    public static T[] RunEach<T>(int worldSize, Func<int, IProcessGroup> join, Func<IProcessGroup, T> work)
    {
        var results = new T[worldSize];
        Task[] tasks = [.. Enumerable.Range(0, worldSize).Select(rank => Task.Factory.StartNew(() =>
        {
            using var group = join(rank);
            results[rank] = work(group);
        }, TaskCreationOptions.LongRunning))];
        Assert.True(Task.WaitAll(tasks, TimeSpan.FromSeconds(60)), "ranks still running after 60 s");
        return results;
    }

    /// <summary>Runs one function per rank and returns each rank's outcome (exception or null) without rethrowing.</summary>
    public static Exception?[] Outcomes(int worldSize, Action<int> perRank, TimeSpan limit)
    {
        var outcomes = new Exception?[worldSize];
        Task[] tasks = [.. Enumerable.Range(0, worldSize).Select(rank => Task.Factory.StartNew(() =>
        {
            try
            {
                perRank(rank);
            }
            catch (Exception e)
            {
                outcomes[rank] = e;
            }
        }, TaskCreationOptions.LongRunning))];
        Assert.True(Task.WaitAll(tasks, limit), $"ranks still running after {limit.TotalSeconds} s: a failure was not detected in bounded time");
        return outcomes;
    }
}
