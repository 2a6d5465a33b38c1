using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Testbed.Trainer.Distributed;

/// <summary>
/// A process group over a TCP ring: each rank sends to rank+1 and receives from rank-1.
/// The calling thread receives (and adds, vectorised) while a dedicated sender thread sends, so
/// both directions of every link are busy at once; a block leaves as soon as the block it
/// depends on has arrived (<see cref="RingPlan"/>). Any failure aborts both links so neither
/// thread can wait for the other, and the group stays failed. Every collective as a whole must
/// end within the timeout: a watchdog thread fails it at its deadline, so a peer that keeps each
/// socket call alive with a byte now and then cannot hold the worker for ever. Every header and
/// block is a message authenticated by its link (<see cref="PeerLink.SendMessage"/>): a block is
/// checked before it is added or forwarded, and the arithmetic is untouched by it.
/// </summary>
public sealed unsafe class RingProcessGroup : IProcessGroup
{
    /// <summary>256 KB blocks: large enough for full-speed sends, small enough to pipeline steps.</summary>
    public const int DefaultBlockFloats = 64 * 1024;

    private const uint HeaderMagic = 0x5442_4F50; // "TBOP"
    private const int HeaderBytes = 16;

    private readonly PeerLink _next;
    private readonly PeerLink _previous;
    private readonly int _blockFloats;
    private readonly float[] _scratch;
    private readonly Thread _sender;
    private readonly Thread _watchdog;
    private readonly SemaphoreSlim _work = new(0);
    private readonly SemaphoreSlim _workDone = new(0);
    private readonly object _gate = new();
    private readonly Dictionary<(int Whole, int Offset, int Count), RingPlan> _allReducePlans = [];

    // State of the collective in flight, shared with the sender thread.
    private float* _buffer;
    private Departure[] _departures = [];
    private byte[] _header = new byte[HeaderBytes];
    private int _arrived;
    private int _departed;
    private int _arrivalCount;
    private bool _authenticate = true;
    private bool _aborted;
    private Deadline? _deadline;
    private string _inFlight = "";
    private Exception? _firstFailure;

    private readonly float _inverseWorldSize;
    private float[] _streamBuffer = [];
    private uint _sequence;
    private bool _stopping;
    private bool _faulted;

    public RingProcessGroup(int rank, int worldSize, PeerLink next, PeerLink previous, int blockFloats = DefaultBlockFloats)
    {
        if (worldSize < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(worldSize), "a ring needs at least 2 ranks; use SoloProcessGroup for 1");
        }

        Rank = rank;
        WorldSize = worldSize;
        _next = next;
        _previous = previous;
        _blockFloats = blockFloats;
        _inverseWorldSize = 1f / worldSize;
        _scratch = new float[blockFloats];
        _sender = new Thread(SendLoop) { IsBackground = true, Name = $"ring-sender-{rank}" };
        _sender.Start();
        _watchdog = new Thread(Watch) { IsBackground = true, Name = $"ring-watchdog-{rank}" };
        _watchdog.Start();
    }

    public int Rank { get; }
    public int WorldSize { get; }
    // Collectives only send to the next rank and only receive from the previous one.
    public long BytesSent => _next.BytesSent;
    public long BytesReceived => _previous.BytesReceived;
    public TimeSpan Timeout => _previous.Timeout;

    /// <summary>
    /// Whether collectives' messages are authenticated (true): the job's --ring-tags, the same on
    /// every rank (the handshake refuses a peer with the other choice); `bench allreduce` also
    /// turns it on and off on every rank for the same collectives, to measure what it costs.
    /// </summary>
    internal bool Authenticated { get; set; } = true;

    public void AllReduce(Span<float> buffer) => Reduce(Operation.AllReduce, buffer, 0, buffer.Length);

    public void AllReducePart(Span<float> whole, int offset, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, whole.Length - count);
        Reduce(Operation.AllReducePart, whole, offset, count);
    }

    private void Reduce(Operation operation, Span<float> whole, int offset, int count)
    {
        if (!_allReducePlans.TryGetValue((whole.Length, offset, count), out var plan))
        {
            plan = RingPlan.AllReduce(Rank, WorldSize, whole.Length, offset, count, _blockFloats);
            _allReducePlans[(whole.Length, offset, count)] = plan;
        }

        Run(operation, whole, count, plan);
    }

    /// <summary>An all-reduce of one float per chunk: no rank can finish it before every rank has contributed.</summary>
    public void Barrier()
    {
        Span<float> tokens = stackalloc float[WorldSize];
        Run(Operation.Barrier, tokens, tokens.Length, RingPlan.AllReduce(Rank, WorldSize, WorldSize, 0, WorldSize, _blockFloats));
    }

    public void Broadcast(Span<float> buffer) =>
        Run(Operation.Broadcast, buffer, buffer.Length, RingPlan.Broadcast(Rank, WorldSize, buffer.Length, _blockFloats));

    /// <summary>
    /// Streams <paramref name="floats"/> floats to the next rank while receiving as many from the
    /// previous one, over the very sockets the collectives use: the raw TCP throughput to compare
    /// the all-reduce's bus bandwidth with. Returns the seconds it took.
    /// </summary>
    public double StreamRaw(int floats)
    {
        if (_streamBuffer.Length != 2 * floats)
        {
            _streamBuffer = new float[2 * floats];
        }

        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        Run(Operation.Stream, _streamBuffer, floats, RingPlan.Stream(floats, _blockFloats));
        return System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <param name="length">The floats the collective is about, in its header: mismatched calls fail instead of mixing data.</param>
    private void Run(Operation operation, Span<float> buffer, int length, RingPlan plan)
    {
        if (_faulted)
        {
            throw new PeerFailureException($"rank {Rank}: the process group already failed ({_firstFailure?.Message}); no further collectives are possible.");
        }

        _sequence++;
        var header = new byte[HeaderBytes];
        BinaryPrimitives.WriteUInt32BigEndian(header, HeaderMagic);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)operation);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), _sequence);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(12), (uint)length);

        // The raw stream is the bench's plain-TCP yardstick: never authenticated, on every rank alike.
        var authenticate = Authenticated && operation != Operation.Stream;
        fixed (float* pointer = buffer)
        {
            lock (_gate)
            {
                _authenticate = authenticate;
                _buffer = pointer;
                _departures = plan.Departures;
                _header = header;
                _arrived = 0;
                _departed = 0;
                _aborted = false;
                _arrivalCount = plan.Arrivals.Length;
                _inFlight = $"{operation} #{_sequence} of {length} floats";
                _deadline = Deadline.In(Timeout);
                Monitor.PulseAll(_gate);
            }

            _work.Release();
            try
            {
                ReceiveAll(pointer, plan.Arrivals, header, authenticate);
            }
            catch (Exception e)
            {
                Fail(e);
            }

            // The sender is bounded by the deadline: the watchdog's Fail() aborts the links.
            _workDone.Wait();
            lock (_gate)
            {
                _deadline = null;
            }

            _buffer = null;
        }

        if (_firstFailure is not null)
        {
            _faulted = true;
            throw _firstFailure as PeerFailureException
                ?? new PeerFailureException($"rank {Rank}: {operation} failed: {_firstFailure.Message}", _firstFailure);
        }
    }

    private void ReceiveAll(float* buffer, Arrival[] arrivals, byte[] expectedHeader, bool authenticate)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        _previous.ReceiveMessage(header, authenticate);
        if (!header.SequenceEqual(expectedHeader))
        {
            throw new PeerFailureException(
                $"protocol mismatch: {_previous.Description} started {Describe(header)} while rank " +
                    $"{Rank} runs {Describe(expectedHeader)}; the workers run different code or settings.");
        }

        for (var i = 0; i < arrivals.Length; i++)
        {
            var arrival = arrivals[i];
            var target = new Span<float>(buffer + arrival.Offset, arrival.Count);
            if (arrival.Kind == ArrivalKind.Copy)
            {
                _previous.ReceiveMessage(MemoryMarshal.AsBytes(target), authenticate);
            }
            else
            {
                var incoming = _scratch.AsSpan(0, arrival.Count);
                _previous.ReceiveMessage(MemoryMarshal.AsBytes(incoming), authenticate);
                if (arrival.Kind == ArrivalKind.AddThenAverage)
                {
                    // One pass: (ours + incoming) * (1/N); only the owner does it, so ranks still agree bit for bit.
                    TensorPrimitives.AddMultiply(target, incoming, _inverseWorldSize, target);
                }
                else
                {
                    TensorPrimitives.Add(target, incoming, target);
                }
            }

            lock (_gate)
            {
                _arrived = i + 1;
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void SendLoop()
    {
        while (true)
        {
            _work.Wait();
            if (_stopping)
            {
                return;
            }

            try
            {
                _next.SendMessage(_header, _authenticate);
                foreach (var departure in _departures)
                {
                    if (departure.AfterArrival >= 0)
                    {
                        WaitForArrival(departure.AfterArrival + 1);
                    }

                    _next.SendMessage(new ReadOnlySpan<byte>(_buffer + departure.Offset, departure.Count * sizeof(float)), _authenticate);
                    Interlocked.Increment(ref _departed);
                }
            }
            catch (Exception e)
            {
                Fail(e);
            }
            finally
            {
                _workDone.Release();
            }
        }
    }

    private void WaitForArrival(int count)
    {
        lock (_gate)
        {
            while (_arrived < count)
            {
                if (_aborted)
                {
                    throw new OperationCanceledException("the receiving side failed");
                }

                if (!Monitor.Wait(_gate, _previous.Timeout))
                {
                    throw new PeerFailureException($"rank {Rank}: timed out after {_previous.Timeout.TotalSeconds:0.#} s waiting for " +
                        $"data from {_previous.Description}: that worker is stuck, stopped or unreachable (--timeout sets the limit).");
                }
            }
        }
    }

    /// <summary>Keeps the first failure (the cause; later ones are its echoes) and unblocks both threads.</summary>
    private void Fail(Exception e)
    {
        Interlocked.CompareExchange(ref _firstFailure, e, null);
        lock (_gate)
        {
            _aborted = true;
            Monitor.PulseAll(_gate);
        }

        _next.Abort();
        _previous.Abort();
    }

    /// <summary>
    /// Fails the collective in flight at its deadline, naming the neighbour it was still waiting
    /// for: the previous rank while blocks are still due from it, else the next rank, which is
    /// not taking what this rank sends.
    /// </summary>
    private void Watch()
    {
        while (true)
        {
            PeerFailureException? expired = null;
            lock (_gate)
            {
                if (_stopping)
                {
                    return;
                }

                if (_deadline is not { } deadline)
                {
                    Monitor.Wait(_gate);
                    continue;
                }

                if (!deadline.HasPassed)
                {
                    Monitor.Wait(_gate, deadline.Remaining);
                    continue;
                }

                _deadline = null;
                int arrivals = _arrived, departures = Volatile.Read(ref _departed);
                var stuck = arrivals < _arrivalCount
                    ? $"{_previous.Description} sent only {arrivals} of its {_arrivalCount} blocks"
                    : $"{_next.Description} took only {departures} of the {_departures.Length} blocks sent to it";
                expired = new PeerFailureException(
                    $"rank {Rank}: {_inFlight} timed out: not finished within {Timeout.TotalSeconds:0.#} s; " +
                        $"{stuck}: that worker is stuck, too slow or unreachable (--timeout sets the limit).");
            }

            Fail(expired);
        }
    }

    private static string Describe(ReadOnlySpan<byte> header)
    {
        if (BinaryPrimitives.ReadUInt32BigEndian(header) != HeaderMagic)
        {
            return "something that is not a collective (bad magic)";
        }

        var operation = (Operation)BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        return $"{operation} #{BinaryPrimitives.ReadUInt32BigEndian(header[8..])} of {BinaryPrimitives.ReadUInt32BigEndian(header[12..])} floats";
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        _work.Release();
        _next.Dispose();
        _previous.Dispose();
        _sender.Join(TimeSpan.FromSeconds(5));
        _watchdog.Join(TimeSpan.FromSeconds(5));
        _work.Dispose();
        _workDone.Dispose();
    }

    private enum Operation : uint
    {
        AllReduce = 1,
        Barrier = 2,
        Broadcast = 3,
        Stream = 4,
        AllReducePart = 5,
    }
}
