using Testbed.Trainer.Data;

namespace Testbed.Trainer.Tests.Data;

public sealed class EpochShardsTests
{
    [Fact]
    public void Ranks_get_disjoint_shards_that_depend_only_on_seed_epoch_rank_and_world()
    {
        var shards = new EpochShards(1000, seed: 7);
        var seen = new HashSet<int>();
        for (var rank = 0; rank < 3; rank++)
        {
            for (var step = 0; step < 5; step++)
            {
                var batch = new int[64];
                shards.FillBatch(epoch: 2, step, rank, worldSize: 3, batch);
                Assert.All(batch, i => Assert.True(seen.Add(i), $"sample {i} seen twice"));
            }
        }

        var again = new int[64];
        var other = new int[64];
        new EpochShards(1000, seed: 7).FillBatch(2, 4, 2, 3, again);
        new EpochShards(1000, seed: 7).FillBatch(3, 4, 2, 3, other);
        var first = new int[64];
        shards.FillBatch(2, 4, 2, 3, first);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Two_workers_with_batch_b_see_the_samples_of_one_worker_with_batch_2b()
    {
        var shards = new EpochShards(500, seed: 1);
        var rank0 = new int[8];
        var rank1 = new int[8];
        var single = new int[16];
        shards.FillBatch(1, 3, 0, 2, rank0);
        shards.FillBatch(1, 3, 1, 2, rank1);
        shards.FillBatch(1, 3, 0, 1, single);

        Assert.Equal(single, rank0.Concat(rank1).ToArray());
    }

    [Fact]
    public void An_epoch_longer_than_the_dataset_continues_with_a_fresh_permutation()
    {
        var shards = new EpochShards(10, seed: 1);
        var batch = new int[10];
        shards.FillBatch(1, 1, 0, 1, batch); // positions 10..19: the second pass
        Assert.Equal(Enumerable.Range(0, 10), batch.Order());
    }
}
