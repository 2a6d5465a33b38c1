using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Testbed.Trainer.Distributed;

/// <summary>
/// Forms the ring: accepts the previous rank's connection on <paramref name="Listener"/> while
/// connecting to the next rank found through <paramref name="Locator"/>, both authenticated by
/// the <see cref="Handshake"/>, both bounded by one deadline. Polls with a short back-off
/// (20 ms doubling to 500 ms), never a fixed sleep; a timeout says who never showed up.
/// </summary>
public sealed record RingRendezvous(
    int Rank,
    JobCredentials Job,
    Socket Listener,
    IPeerLocator Locator,
    TimeSpan Timeout,
    Action<string> Log,
    int BlockFloats = RingProcessGroup.DefaultBlockFloats)
{
    /// <summary>
    /// The longest one handshake may take, as a whole. Workers need milliseconds; this bounds what
    /// a stranger that connects and then trickles or says nothing can hold the listener for.
    /// </summary>
    public TimeSpan HandshakeLimit { get; init; } = TimeSpan.FromSeconds(10);

    public int WorldSize => Job.WorldSize;
    private int NextRank => (Rank + 1) % WorldSize;
    private int PreviousRank => (Rank + WorldSize - 1) % WorldSize;

    public IProcessGroup Join()
    {
        if (WorldSize == 1)
        {
            Listener.Dispose();
            return new SoloProcessGroup();
        }

        var deadline = Stopwatch.StartNew();
        Listener.Listen(16);
        var refusals = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var cancel = new CancellationTokenSource();
        var previous = Task.Factory.StartNew(() => AcceptPrevious(deadline, refusals, cancel.Token), TaskCreationOptions.LongRunning);
        PeerLink? next = null;
        try
        {
            next = ConnectNext(deadline);
            if (!previous.Wait(Max(Remaining(deadline), TimeSpan.Zero) + TimeSpan.FromSeconds(1)))
            {
                throw new PeerFailureException($"rank {Rank}: rank {PreviousRank} never connected within {Timeout.TotalSeconds:0.#} s.");
            }

            Log($"ring formed: rank {Rank} of {WorldSize} sends to {next.Description} and receives from {previous.Result.Description}");
            return new RingProcessGroup(Rank, WorldSize, next, previous.Result, BlockFloats) { Authenticated = Job.MessageTags };
        }
        catch (Exception e)
        {
            next?.Dispose();
            cancel.Cancel();
            var cause = e is AggregateException { InnerException: { } inner } ? inner : e;

            // A timeout after refusing someone is most likely that someone's fault: say so, as bad input.
            if (cause is PeerFailureException && !refusals.IsEmpty)
            {
                throw new HandshakeRefusedException($"{cause.Message} Refused meanwhile: {string.Join(" ", refusals)}");
            }

            if (cause == e)
            {
                throw;
            }

            throw cause;
        }
        finally
        {
            Listener.Dispose();
        }
    }

    private PeerLink AcceptPrevious(Stopwatch deadline, System.Collections.Concurrent.ConcurrentQueue<string> refusals, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            var remaining = Remaining(deadline);
            if (remaining <= TimeSpan.Zero
                || !Listener.Poll(remaining < TimeSpan.FromMilliseconds(200) ? remaining : TimeSpan.FromMilliseconds(200), SelectMode.SelectRead))
            {
                if (Remaining(deadline) > TimeSpan.Zero)
                {
                    continue;
                }

                throw new PeerFailureException(
                    $"rendezvous timed out after {Timeout.TotalSeconds:0.#} s: rank " +
                        $"{PreviousRank} never connected to rank {Rank} on {Listener.LocalEndPoint}.");
            }

            var socket = Listener.Accept();
            try
            {
                var accepted = Handshake.Accept(socket, Job, Rank, PreviousRank, HandshakeDeadline(socket, deadline, HandshakeLimit));
                if (accepted is { } peer)
                {
                    // Stop listening at once: a second connection for this rank (or any later
                    // probe) is then refused by the kernel instead of waiting in the backlog.
                    Listener.Dispose();
                    return new PeerLink(socket, peer.PeerRank, Timeout, peer.Keys);
                }

                socket.Dispose();
            }
            catch (HandshakeRefusedException e)
            {
                Log($"warning: {e.Message}");
                refusals.Enqueue(e.Message);
                socket.Dispose();
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                // A probe that hung up, or a stranger that stalled: not our previous rank.
                Log($"warning: dropped a connection before its handshake ended: {e.Message}");
                socket.Dispose();
            }
        }

        throw new OperationCanceledException();
    }

    private PeerLink ConnectNext(Stopwatch deadline)
    {
        var otherRanks = new Dictionary<IPEndPoint, int>();
        var lastError = "no attempt yet";
        var backOff = TimeSpan.FromMilliseconds(20);
        while (Remaining(deadline) > TimeSpan.Zero)
        {
            foreach (var candidate in Locator.Candidates(NextRank, Max(Remaining(deadline), TimeSpan.FromMilliseconds(1))))
            {
                if (otherRanks.ContainsKey(candidate))
                {
                    continue;
                }

                var socket = new Socket(candidate.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    // Clamped: the deadline may pass between the loop's check and this call.
                    ConnectWithin(socket, candidate, Max(Min(Remaining(deadline), TimeSpan.FromSeconds(2)), TimeSpan.FromMilliseconds(1)));

                    var (result, peerRank, keys) = Handshake.Connect(socket, Job, Rank, NextRank, HandshakeDeadline(socket, deadline, Timeout));
                    if (result == Handshake.ConnectResult.Connected)
                    {
                        return new PeerLink(socket, peerRank, Timeout, keys!);
                    }

                    otherRanks[candidate] = peerRank;
                    socket.Dispose();
                }
                catch (Exception e) when (e is SocketException or IOException)
                {
                    lastError = $"{candidate}: {e.Message}";
                    socket.Dispose();
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }

            var pause = Min(backOff, Remaining(deadline));
            if (pause > TimeSpan.Zero)
            {
                Thread.Sleep(pause);
            }

            backOff = Min(backOff * 2, TimeSpan.FromMilliseconds(500));
        }

        var seen = otherRanks.Count == 0 ? "" : $"; reached instead: {string.Join(", ", otherRanks.Select(p => $"rank {p.Value} at {p.Key}"))}";
        throw new PeerFailureException(
            $"rendezvous timed out after {Timeout.TotalSeconds:0.#} s: rank {Rank} could not " +
                $"reach rank {NextRank} ({Locator.LastLookup}; last error {lastError}){seen}.");
    }

    /// <summary>
    /// A connect bounded by a timeout without the thread pool (a non-blocking connect and a poll):
    /// async connects stall when the pool is starved, and a blocking connect to a missing host
    /// can take minutes.
    /// </summary>
    private static void ConnectWithin(Socket socket, IPEndPoint endpoint, TimeSpan limit)
    {
        socket.Blocking = false;
        try
        {
            socket.Connect(endpoint);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            if (!socket.Poll(limit, SelectMode.SelectWrite))
            {
                throw new SocketException((int)SocketError.TimedOut);
            }

            var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            if (error != SocketError.Success)
            {
                throw new SocketException((int)error);
            }
        }

        socket.Blocking = true;
    }

    /// <summary>
    /// A handshake's deadline: what is left of the rendezvous, at most <paramref name="bound"/>.
    /// The accepting side is bounded by <see cref="HandshakeLimit"/>: a stranger that connects and
    /// then says nothing, or a byte now and then, must not use up the whole rendezvous. The
    /// connecting side passes <see cref="Timeout"/>: its next rank may first be busy with such a
    /// stranger for up to the limit. Bounded by the limit too, the connector once gave up just after
    /// sending its proof, while the acceptor, reading it, took the link as formed and closed its
    /// listener: the connector's retries were then refused until the rendezvous timed out (the
    /// stranger test failed so, now and then). A connector holds nothing of anyone's.
    /// </summary>
    private Deadline HandshakeDeadline(Socket socket, Stopwatch deadline, TimeSpan bound)
    {
        socket.NoDelay = true;
        return Deadline.In(Max(Min(bound, Remaining(deadline)), TimeSpan.FromMilliseconds(1)));
    }

    private TimeSpan Remaining(Stopwatch deadline) => Timeout - deadline.Elapsed;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>A listening socket for the ring (SO_REUSEADDR so a restarted worker can rebind at once).</summary>
    public static Socket Listen(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (port != 0)
        {
            // Lets a restarted worker rebind its fixed port at once. Not for port 0: on Linux two
            // SO_REUSEADDR sockets can then be handed the same ephemeral port.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        }

        try
        {
            socket.Bind(new IPEndPoint(address, port));
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new InputException($"cannot listen on {address}:{port} ({e.Message}); expected a free port (--port, or this rank's entry in --peers).");
        }

        return socket;
    }
}
