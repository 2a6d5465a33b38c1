namespace Testbed.Trainer.Distributed;

/// <summary>
/// The workers of one job, seen from one of them: the collective operations synchronous
/// data-parallel training needs. Every call is collective: all ranks make the same calls in
/// the same order with buffers of the same length. A failed peer surfaces as a
/// <see cref="PeerFailureException"/> within the group's timeout, never as a hang.
/// </summary>
public interface IProcessGroup : IDisposable
{
    int Rank { get; }

    int WorldSize { get; }

    /// <summary>Bytes this rank has sent and received through collectives so far.</summary>
    long BytesSent { get; }

    long BytesReceived { get; }

    /// <summary>Replaces every element by its mean over all ranks; the result is bit-identical on every rank.</summary>
    void AllReduce(Span<float> buffer);

    /// <summary>
    /// Averages elements [offset, offset + count) of <paramref name="whole"/> over all ranks with
    /// exactly the arithmetic <see cref="AllReduce"/> of the whole buffer applies to them (the same
    /// additions in the same order), leaving the other elements alone. So a buffer reduced in
    /// parts ends bit for bit as if reduced at once, at any world size: what lets the overlapped
    /// training step promise the same weights as the sequential one.
    /// </summary>
    void AllReducePart(Span<float> whole, int offset, int count);

    /// <summary>Returns once every rank has entered the barrier.</summary>
    void Barrier();

    /// <summary>Copies rank 0's buffer into every other rank's buffer.</summary>
    void Broadcast(Span<float> buffer);
}
