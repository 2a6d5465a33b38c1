namespace Testbed.Trainer.Data;

/// <summary>
/// Which samples each rank trains on. Every epoch the dataset is permuted from (seed, epoch);
/// step s of the epoch takes the global batch at positions [s*W*b, (s+1)*W*b) of that
/// permutation and rank r takes its slice [r*b, (r+1)*b). The ranks' shards are therefore
/// disjoint, depend only on seed, epoch, rank and world size, and W workers with batch b see
/// exactly the samples one worker with batch W*b sees (the equivalence the tests check).
/// When an epoch needs more samples than the dataset holds, the next pass uses a fresh
/// permutation from (seed, epoch, pass).
/// </summary>
public sealed class EpochShards(int datasetSize, long seed)
{
    private readonly Dictionary<(int Epoch, int Pass), int[]> _permutations = [];

    public int DatasetSize { get; } = datasetSize;

    public void FillBatch(int epoch, int step, int rank, int worldSize, Span<int> indices)
    {
        var batch = indices.Length;
        var first = ((long)step * worldSize + rank) * batch;
        for (var j = 0; j < batch; j++)
        {
            var position = first + j;
            var pass = (int)(position / DatasetSize);
            indices[j] = Permutation(epoch, pass)[(int)(position % DatasetSize)];
        }
    }

    private int[] Permutation(int epoch, int pass)
    {
        if (!_permutations.TryGetValue((epoch, pass), out var permutation))
        {
            // Keep only the current epoch's permutations: memory stays at one or two arrays.
            foreach (var key in _permutations.Keys.Where(k => k.Epoch != epoch).ToList())
            {
                _permutations.Remove(key);
            }

            permutation = DeterministicRandom.For(seed, epoch, pass).Permutation(DatasetSize);
            _permutations[(epoch, pass)] = permutation;
        }

        return permutation;
    }
}
