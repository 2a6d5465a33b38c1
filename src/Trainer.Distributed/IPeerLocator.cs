using System.Net;

namespace Testbed.Trainer.Distributed;

/// <summary>Where the ring's next worker might be listening: one known address, or every address a DNS name returns.</summary>
public interface IPeerLocator
{
    /// <summary>
    /// Addresses to try for <paramref name="rank"/> now (may be empty while workers are still
    /// starting); any lookup gives up after <paramref name="limit"/>.
    /// </summary>
    IReadOnlyList<IPEndPoint> Candidates(int rank, TimeSpan limit);

    /// <summary>What the last lookup found, for a timeout message that says who is missing.</summary>
    string LastLookup { get; }
}
