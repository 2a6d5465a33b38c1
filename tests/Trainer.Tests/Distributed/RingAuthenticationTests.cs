using System.Net;
using System.Security.Cryptography;
using Testbed.Trainer.Distributed;

namespace Testbed.Trainer.Tests.Distributed;

/// <summary>
/// After the handshake, someone on the path between rank 0 and rank 1 (who can relay the
/// handshake but lacks the token) alters, replays, reorders or forges a message of an all-reduce.
/// Rank 1 must refuse it, naming what happened, before it adds a single value, and the job must
/// end on every rank in bounded time. A relay that changes nothing changes no result.
/// </summary>
public sealed class RingAuthenticationTests
{
    private const string JobId = "test-job";

    /// <summary>World 2, one block per pass: rank 0 sends rank 1 a header, its reduce-scatter block, its all-gather block.</summary>
    private const int Length = 20_000;

    private static readonly int[] Messages = [16, Length / 2 * sizeof(float), Length / 2 * sizeof(float)];

    [Fact]
    public void A_relay_that_changes_nothing_changes_no_result()
    {
        var outcomes = AllReduceThrough((_, message) => [message], out var results);

        Assert.All(outcomes, Assert.Null);
        Assert.Equal(results[0], results[1]);
        Assert.Equal(1.5f, results[0][0]); // the mean of 1 and 2
    }

    [Fact]
    public void A_tampered_byte_ends_the_job_with_an_authentication_error()
    {
        var outcomes = AllReduceThrough((index, message) =>
        {
            if (index == 1) message[100] ^= 0x04; // one bit of one float of the reduce-scatter block
            return [message];
        }, out _);

        Assert.Contains("message #1 from rank 0", Refusal(outcomes).Message);
        Assert.Contains("failed authentication: it was altered on the way", Refusal(outcomes).Message);
        Assert.NotNull(outcomes[0]);
    }

    [Fact]
    public void A_replayed_message_ends_the_job_as_a_replay()
    {
        var outcomes = AllReduceThrough((index, message) => index == 1 ? [message, message] : [message], out _);

        Assert.Matches(@"^a replay: message #1 from rank 0 \(127\.0\.0\.1:\d+\) arrived again where #2 was due", Refusal(outcomes).Message);
        Assert.NotNull(outcomes[0]);
    }

    [Fact]
    public void Two_swapped_messages_end_the_job_as_out_of_order()
    {
        byte[]? held = null;
        var outcomes = AllReduceThrough((index, message) =>
        {
            if (index == 1)
            {
                held = message;
                return [];
            }

            return index == 2 ? [message, held!] : [message];
        }, out _);

        Assert.Matches(@"^out of order: message #2 from rank 0 \(127\.0\.0\.1:\d+\) arrived where #1 was due", Refusal(outcomes).Message);
        Assert.NotNull(outcomes[0]);
    }

    [Fact]
    public void A_message_sealed_with_a_key_of_the_relay_s_own_making_ends_the_job()
    {
        // The relay saw both hellos but not the token: it derives a key exactly as the ranks do,
        // from a secret of its own, and replaces the block with gradients of its choosing,
        // numbered as the genuine one is (#1).
        var key = LinkKeys.Derive(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(100), isConnector: true).Send;
        var outcomes = AllReduceThrough((index, message) =>
        {
            if (index != 1) return [message];
            var forged = new byte[message.Length - MessageSeal.TrailerBytes];
            Array.Fill(forged, (byte)0x7F);
            using var forger = new MessageSeal(key);
            forger.Seal([], new byte[MessageSeal.TrailerBytes]); // #0
            var trailer = new byte[MessageSeal.TrailerBytes];
            forger.Seal(forged, trailer); // #1
            return [[.. forged, .. trailer]];
        }, out var results);

        Assert.Contains("message #1 from rank 0", Refusal(outcomes).Message);
        Assert.Contains("failed authentication", Refusal(outcomes).Message);
        Assert.All(results[1], v => Assert.Equal(2f, v)); // refused before a single value was added
    }

    /// <summary>Rank 1 refused the traffic with a <see cref="PeerFailureException"/>: that is the error the job ends with.</summary>
    private static PeerFailureException Refusal(Exception?[] outcomes) => Assert.IsType<PeerFailureException>(outcomes[1]);

    /// <summary>Rank 0 all-reduces ones, rank 1 twos, then both pass a barrier; rank 0 reaches rank 1 only through the relay.</summary>
    private static Exception?[] AllReduceThrough(Func<int, byte[], IEnumerable<byte[]>> tamper, out float[][] results)
    {
        var listeners = LoopbackRing.Listeners(2);
        var direct = LoopbackRing.Addresses(listeners);
        using var relay = new TamperingRelay((IPEndPoint)listeners[1].LocalEndPoint!, JobId, Messages, tamper);
        IReadOnlyList<PeerAddress>[] seen = [[direct[0], relay.Address], direct];
        var buffers = new[] { Filled(1f), Filled(2f) };
        var outcomes = LoopbackRing.Outcomes(2, rank =>
        {
            using var group = LoopbackRing.Join(rank, 2, listeners, timeout: TimeSpan.FromSeconds(10), jobId: JobId, addresses: seen[rank]);
            group.AllReduce(buffers[rank]);
            // A job goes on: rank 0 may have had all it needed from this all-reduce before rank 1
            // refused, but not the next collective.
            group.Barrier();
        }, TimeSpan.FromSeconds(30));
        results = buffers;
        return outcomes;
    }

    private static float[] Filled(float value)
    {
        var buffer = new float[Length];
        Array.Fill(buffer, value);
        return buffer;
    }
}
