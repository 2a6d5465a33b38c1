namespace Testbed.Trainer.Distributed;

/// <summary>What to do with a block that arrives from the previous rank.</summary>
public enum ArrivalKind : byte
{
    /// <summary>Reduce-scatter: add the partial sum into our copy.</summary>
    Add,

    /// <summary>Last reduce-scatter step: add, and as this rank owns the finished chunk, divide by the world size once.</summary>
    AddThenAverage,

    /// <summary>All-gather or broadcast: the finished block replaces our copy.</summary>
    Copy,
}

/// <summary>A block this rank receives: where it goes and how it is combined.</summary>
public readonly record struct Arrival(int Offset, int Count, ArrivalKind Kind);

/// <summary>A block this rank sends; it may only leave after arrival number <see cref="AfterArrival"/> (or at once when -1).</summary>
public readonly record struct Departure(int Offset, int Count, int AfterArrival);

/// <summary>
/// The schedule of one collective on one rank: blocks in, blocks out, and which outgoing block
/// waits for which incoming one. Blocks are small (a few hundred KB) so that a step's sending
/// starts while the previous step is still arriving: the ring is pipelined across steps.
/// </summary>
public sealed class RingPlan
{
    private RingPlan(Arrival[] arrivals, Departure[] departures)
    {
        Arrivals = arrivals;
        Departures = departures;
    }

    public Arrival[] Arrivals { get; }
    public Departure[] Departures { get; }

    /// <summary>
    /// Ring all-reduce: N-1 reduce-scatter steps, then N-1 all-gather steps. The buffer is cut into
    /// N chunks (chunk c = [c*L/N, (c+1)*L/N), so any length works, including lengths below N
    /// where some chunks are empty). At reduce-scatter step s rank r sends chunk r-s and receives
    /// chunk r-s-1; afterwards it owns finished chunk r+1, which it averages once and which the
    /// all-gather then copies unchanged to every rank: hence bit-identical results everywhere.
    /// An element of chunk c is summed in ring order starting at rank c, so for N >= 3 its
    /// rounding depends on c. A part [offset, offset+count) of a buffer of length
    /// <paramref name="wholeLength"/> is therefore cut along the whole buffer's chunks (clipped
    /// to the part, offsets still into the whole buffer): each element then gets exactly the
    /// additions it would get if the whole buffer were reduced at once.
    /// </summary>
    public static RingPlan AllReduce(int rank, int worldSize, int wholeLength, int offset, int count, int blockFloats)
    {
        var arrivals = new List<Arrival>();
        var departures = new List<Departure>();
        var previousStepFirstArrival = -1;
        for (var step = 0; step < 2 * (worldSize - 1); step++)
        {
            var reduce = step < worldSize - 1;
            var t = reduce ? step : step - (worldSize - 1);
            var sendChunk = Mod(reduce ? rank - t : rank + 1 - t, worldSize);
            var receiveChunk = Mod(reduce ? rank - t - 1 : rank - t, worldSize);
            var kind = !reduce ? ArrivalKind.Copy : step == worldSize - 2 ? ArrivalKind.AddThenAverage : ArrivalKind.Add;

            // What we send at this step is exactly what arrived at the previous step (same
            // chunk, same blocks), so block k may leave once that step's block k has arrived.
            var k = 0;
            foreach (var (blockOffset, blockCount) in Blocks(sendChunk, worldSize, wholeLength, offset, count, blockFloats))
            {
                departures.Add(new Departure(blockOffset, blockCount, step == 0 ? -1 : previousStepFirstArrival + k));
                k++;
            }

            previousStepFirstArrival = arrivals.Count;
            foreach (var (blockOffset, blockCount) in Blocks(receiveChunk, worldSize, wholeLength, offset, count, blockFloats))
            {
                arrivals.Add(new Arrival(blockOffset, blockCount, kind));
            }
        }

        return new RingPlan([.. arrivals], [.. departures]);
    }

    /// <summary>Broadcast from rank 0 along the ring: each rank forwards a block as soon as it has it; the last rank only receives.</summary>
    public static RingPlan Broadcast(int rank, int worldSize, int length, int blockFloats)
    {
        var arrivals = new List<Arrival>();
        var departures = new List<Departure>();
        var k = 0;
        foreach (var (offset, count) in Split(0, length, blockFloats))
        {
            if (rank != 0)
            {
                arrivals.Add(new Arrival(offset, count, ArrivalKind.Copy));
            }

            if (rank != worldSize - 1)
            {
                departures.Add(new Departure(offset, count, rank == 0 ? -1 : k));
            }

            k++;
        }

        return new RingPlan([.. arrivals], [.. departures]);
    }

    /// <summary>
    /// Raw streaming for the bandwidth benchmark: send [0, L) to the next rank while the previous
    /// rank's [0, L) lands in [L, 2L); no dependencies, no arithmetic: the wire's own speed.
    /// </summary>
    public static RingPlan Stream(int length, int blockFloats)
    {
        Departure[] departures = [.. Split(0, length, blockFloats).Select(b => new Departure(b.Offset, b.Count, -1))];
        Arrival[] arrivals = [.. Split(length, length, blockFloats).Select(b => new Arrival(b.Offset, b.Count, ArrivalKind.Copy))];
        return new RingPlan(arrivals, departures);
    }

    public static int ChunkStart(int chunk, int worldSize, int length) => (int)((long)chunk * length / worldSize);

    private static IEnumerable<(int Offset, int Count)> Blocks(int chunk, int worldSize, int wholeLength, int offset, int count, int blockFloats)
    {
        var start = Math.Clamp(ChunkStart(chunk, worldSize, wholeLength), offset, offset + count);
        var end = Math.Clamp(ChunkStart(chunk + 1, worldSize, wholeLength), offset, offset + count);
        return Split(start, end - start, blockFloats);
    }

    private static IEnumerable<(int Offset, int Count)> Split(int start, int count, int blockFloats)
    {
        for (var offset = 0; offset < count; offset += blockFloats)
        {
            yield return (start + offset, Math.Min(blockFloats, count - offset));
        }
    }

    private static int Mod(int value, int modulus) => ((value % modulus) + modulus) % modulus;
}
