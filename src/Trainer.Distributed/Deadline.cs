using System.Diagnostics;

namespace Testbed.Trainer.Distributed;

/// <summary>
/// A point on the monotonic clock by which something must be done. Per-call socket timeouts
/// alone are not enough: a peer that sends or takes a byte now and then keeps every single
/// call alive, so whatever must end in bounded time (a collective, a handshake, a lookup) gets
/// one of these and checks what is left of it.
/// </summary>
public readonly record struct Deadline(long Timestamp)
{
    public static Deadline In(TimeSpan span) => new(Stopwatch.GetTimestamp() + (long)(span.TotalSeconds * Stopwatch.Frequency));

    /// <summary>Time left; zero or negative once the deadline has passed.</summary>
    public TimeSpan Remaining => Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), Timestamp);

    public bool HasPassed => Remaining <= TimeSpan.Zero;
}
