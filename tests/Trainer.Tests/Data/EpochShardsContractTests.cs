using Testbed.Trainer.Data;

namespace Testbed.Trainer.Tests.Data;

/// <summary>
/// Our trainer's half of the data-order contract with foreign trainers: the batches in
/// tests/Contracts/epoch-shards.txt (seed 42 over Fashion-MNIST's 60,000 samples; the last case
/// crosses into a second pass) are what EpochShards gives. Orchestration.Tests holds the PyTorch
/// example's shards equal to the same file, so both trainers train on the very same samples.
/// </summary>
public sealed class EpochShardsContractTests
{
    public static TheoryData<int, int, int, int, int[]> Cases()
    {
        var data = new TheoryData<int, int, int, int, int[]>();
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Contracts", "epoch-shards.txt")))
        {
            var key = line[..line.IndexOf('\t')].Split(' ').Select(int.Parse).ToArray();
            data.Add(key[0], key[1], key[2], key[3], [.. line[(line.IndexOf('\t') + 1)..].Split(',').Select(int.Parse)]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_contract_batches_are_what_our_shards_give(int epoch, int step, int rank, int world, int[] expected)
    {
        var indices = new int[expected.Length];
        new EpochShards(60_000, seed: 42).FillBatch(epoch, step, rank, world, indices);
        Assert.Equal(expected, indices);
    }
}
