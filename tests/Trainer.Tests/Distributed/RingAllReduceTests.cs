using Testbed.Trainer.Data;
using Testbed.Trainer.Distributed;

namespace Testbed.Trainer.Tests.Distributed;

public sealed class RingAllReduceTests
{
    public static TheoryData<int, int> WorldsAndBlocks =>
        new() { { 1, 64 * 1024 }, { 2, 7 }, { 2, 64 * 1024 }, { 3, 5 }, { 3, 64 * 1024 }, { 4, 3 }, { 4, 1024 } };

    [Theory]
    [MemberData(nameof(WorldsAndBlocks))]
    public void AllReduce_gives_every_rank_the_same_mean_for_uneven_lengths(int worldSize, int blockFloats)
    {
        var random = DeterministicRandom.For(worldSize, blockFloats);
        int[] lengths = [1, 2, 3, Math.Max(1, worldSize - 1), worldSize + 1, 97, 1000 + random.NextBelow(5000), 200_003];
        float[][][] inputs = [.. lengths.Select(length => Enumerable.Range(0, worldSize)
            .Select(rank => Values(DeterministicRandom.For(length, rank), length)).ToArray())];

        var outputs = LoopbackRing.Run(worldSize, group =>
        {
            float[][] mine = [.. inputs.Select(perRank => (float[])perRank[group.Rank].Clone())];
            foreach (var buffer in mine)
            {
                group.AllReduce(buffer);
            }

            return mine;
        }, blockFloats);

        for (var i = 0; i < lengths.Length; i++)
        {
            for (var j = 0; j < lengths[i]; j++)
            {
                var mean = inputs[i].Average(perRank => (double)perRank[j]);
                Assert.True(Math.Abs(outputs[0][i][j] - mean) <= 1e-6, $"length {lengths[i]} element {j}: {outputs[0][i][j]} vs mean {mean}");
            }

            for (var rank = 1; rank < worldSize; rank++)
            {
                Assert.Equal(outputs[0][i], outputs[rank][i]); // bit-identical, not merely close
            }
        }
    }

    [Fact]
    public void Without_ring_tags_the_result_is_the_same_and_no_message_carries_a_trailer()
    {
        const int length = 20_000;
        float[][] inputs = [.. Enumerable.Range(0, 3).Select(rank => Values(DeterministicRandom.For(length, rank), length))];
        (float[] Result, long Sent)[] Run(bool tags)
        {
            var listeners = LoopbackRing.Listeners(3);
            var addresses = LoopbackRing.Addresses(listeners);
            return LoopbackRing.RunEach(3, rank => LoopbackRing.Join(rank, 3, listeners, addresses: addresses, tags: tags), group =>
            {
                var mine = (float[])inputs[group.Rank].Clone();
                var before = group.BytesSent;
                group.AllReduce(mine);
                return (mine, group.BytesSent - before);
            });
        }

        var tagged = Run(tags: true);
        var untagged = Run(tags: false);

        for (var rank = 0; rank < 3; rank++)
        {
            Assert.Equal(tagged[rank].Result, untagged[rank].Result); // bit-identical: the tags change what is checked, not what is added
            // World 3, one block per pass: a header, 2 reduce-scatter and 2 all-gather blocks per rank, each with its trailer when tagged.
            Assert.Equal(5 * MessageSeal.TrailerBytes, tagged[rank].Sent - untagged[rank].Sent);
        }
    }

    [Theory]
    [InlineData(2, 64 * 1024)]
    [InlineData(3, 64 * 1024)]
    [InlineData(3, 7)]
    [InlineData(4, 1000)]
    public void Reducing_a_buffer_in_parts_gives_bit_for_bit_what_reducing_it_at_once_gives(int worldSize, int blockFloats)
    {
        // The overlapped training step reduces the gradients as [320, L) then [0, 320); the
        // sequential one reduces [0, L) at once. From 3 ranks on, float sums depend on order.
        const int length = 200_003;
        const int split = 320;
        float[][] inputs = [.. Enumerable.Range(0, worldSize).Select(rank => Values(DeterministicRandom.For(17, rank), length))];

        var atOnce = LoopbackRing.Run(worldSize, group =>
        {
            var buffer = (float[])inputs[group.Rank].Clone();
            group.AllReduce(buffer);
            return buffer;
        }, blockFloats);
        var inParts = LoopbackRing.Run(worldSize, group =>
        {
            var buffer = (float[])inputs[group.Rank].Clone();
            group.AllReducePart(buffer, split, length - split);
            group.AllReducePart(buffer, 0, split);
            return buffer;
        }, blockFloats);

        for (var rank = 0; rank < worldSize; rank++)
        {
            Assert.Equal(atOnce[rank].Select(BitConverter.SingleToInt32Bits), inParts[rank].Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Broadcast_copies_rank_0_s_buffer_to_every_rank(int worldSize)
    {
        var source = Values(DeterministicRandom.For(9), 100_001);
        var outputs = LoopbackRing.Run(worldSize, group =>
        {
            var buffer = group.Rank == 0 ? (float[])source.Clone() : new float[source.Length];
            group.Broadcast(buffer);
            return buffer;
        }, blockFloats: 4096);

        Assert.All(outputs, output => Assert.Equal(source, output));
    }

    [Fact]
    public void Barrier_holds_every_rank_until_the_last_one_arrives()
    {
        var waited = LoopbackRing.Run(3, group =>
        {
            group.Barrier(); // everyone is connected and warm
            if (group.Rank == 2)
            {
                Thread.Sleep(400); // the late arrival under test, not a wait
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            group.Barrier();
            return clock.Elapsed.TotalMilliseconds;
        });

        Assert.True(waited[0] >= 300 && waited[1] >= 300, $"ranks 0 and 1 waited {waited[0]:0} and {waited[1]:0} ms for the late rank");
    }

    [Fact]
    public void Traffic_counters_match_the_ring_s_two_passes_over_the_buffer()
    {
        const int length = 90_000;
        var sent = LoopbackRing.Run(3, group =>
        {
            var before = group.BytesSent;
            group.AllReduce(new float[length]);
            return group.BytesSent - before;
        });

        // Each rank sends 2(N-1)/N of the buffer, plus a 16-byte header, and each of its five
        // messages (the header, two blocks per pass) carries a 24-byte authentication trailer.
        Assert.All(sent, s => Assert.Equal(2L * 2 * (length / 3) * sizeof(float) + 16 + 5 * MessageSeal.TrailerBytes, s));
    }

    private static float[] Values(DeterministicRandom random, int length)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }
}
