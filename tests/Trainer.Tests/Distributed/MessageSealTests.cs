using System.Security.Cryptography;
using Testbed.Trainer.Distributed;

namespace Testbed.Trainer.Tests.Distributed;

/// <summary>One direction's message authentication on its own: what the receiving side accepts and what it refuses, and why.</summary>
public sealed class MessageSealTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(LinkKeys.KeyBytes);

    [Fact]
    public void Genuine_messages_in_order_are_accepted_whatever_their_length()
    {
        using var sender = new MessageSeal(Key);
        using var receiver = new MessageSeal(Key);
        foreach (var length in new[] { 0, 1, 16, 1000, 256 * 1024 + 3 })
        {
            var (message, trailer) = Sealed(sender, length);
            receiver.Open(message, trailer, "rank 0");
        }

        Assert.Equal(5UL, receiver.Next);
    }

    [Fact]
    public void A_tampered_byte_is_refused_as_altered_or_forged()
    {
        using var sender = new MessageSeal(Key);
        using var receiver = new MessageSeal(Key);
        var (message, trailer) = Sealed(sender, 4096);
        message[1234] ^= 0x01;

        var error = Assert.Throws<PeerFailureException>(() => receiver.Open(message, trailer, "rank 0 (10.0.0.1:29500)"));

        Assert.Contains("message #0 from rank 0 (10.0.0.1:29500) (4096 bytes) failed authentication", error.Message);
        Assert.Contains("without this job's token", error.Message);
    }

    [Fact]
    public void A_tampered_tag_or_sequence_number_is_refused_as_altered()
    {
        using var sender = new MessageSeal(Key);
        using var receiver = new MessageSeal(Key);
        var (message, trailer) = Sealed(sender, 64);
        var badTag = (byte[])trailer.Clone();
        badTag[^1] ^= 0x80;
        var badNumber = (byte[])trailer.Clone();
        badNumber[7] = 1; // claims to be message #1 with message #0's tag

        Assert.Contains("failed authentication", Assert.Throws<PeerFailureException>(() => receiver.Open(message, badTag, "rank 0")).Message);
        Assert.Contains("failed authentication", Assert.Throws<PeerFailureException>(() => receiver.Open(message, badNumber, "rank 0")).Message);
    }

    [Fact]
    public void A_replayed_message_is_refused_as_a_replay()
    {
        using var sender = new MessageSeal(Key);
        using var receiver = new MessageSeal(Key);
        var first = Sealed(sender, 100);
        receiver.Open(first.Message, first.Trailer, "rank 2");

        var error = Assert.Throws<PeerFailureException>(() => receiver.Open(first.Message, first.Trailer, "rank 2"));

        Assert.StartsWith("a replay: message #0 from rank 2 arrived again where #1 was due", error.Message);
    }

    [Fact]
    public void A_message_that_overtakes_another_is_refused_as_out_of_order()
    {
        using var sender = new MessageSeal(Key);
        using var receiver = new MessageSeal(Key);
        Sealed(sender, 100); // #0, dropped on the way
        var second = Sealed(sender, 100);

        var error = Assert.Throws<PeerFailureException>(() => receiver.Open(second.Message, second.Trailer, "rank 1"));

        Assert.StartsWith("out of order: message #1 from rank 1 arrived where #0 was due", error.Message);
    }

    [Fact]
    public void A_message_sealed_with_another_key_is_refused()
    {
        using var stranger = new MessageSeal(RandomNumberGenerator.GetBytes(LinkKeys.KeyBytes));
        using var receiver = new MessageSeal(Key);
        var (message, trailer) = Sealed(stranger, 100);

        Assert.Contains("failed authentication", Assert.Throws<PeerFailureException>(() => receiver.Open(message, trailer, "rank 1")).Message);
    }

    [Fact]
    public void Both_ends_of_a_connection_derive_matching_keys_that_no_other_connection_or_token_shares()
    {
        var token = LoopbackRing.Token;
        byte[] transcript = [.. RandomNumberGenerator.GetBytes(80)];
        var connector = LinkKeys.Derive(token, transcript, isConnector: true);
        var acceptor = LinkKeys.Derive(token, transcript, isConnector: false);
        var otherConnection = LinkKeys.Derive(token, [.. RandomNumberGenerator.GetBytes(80)], isConnector: true);
        var otherToken = LinkKeys.Derive("another-job-token-of-32-bytes!!!"u8.ToArray(), transcript, isConnector: true);

        Assert.Equal(connector.Send, acceptor.Receive);
        Assert.Equal(connector.Receive, acceptor.Send);
        Assert.NotEqual(connector.Send, connector.Receive); // a message cannot be turned round
        Assert.NotEqual(connector.Send, otherConnection.Send);
        Assert.NotEqual(connector.Send, otherToken.Send);
    }

    private static (byte[] Message, byte[] Trailer) Sealed(MessageSeal seal, int length)
    {
        var message = RandomNumberGenerator.GetBytes(length);
        var trailer = new byte[MessageSeal.TrailerBytes];
        seal.Seal(message, trailer);
        return (message, trailer);
    }
}
