namespace Testbed.Trainer.Data;

/// <summary>
/// SplitMix64: a tiny, fully specified generator, so that the samples a worker sees never depend
/// on the .NET version (System.Random's seeded sequence is not promised to stay the same).
/// </summary>
public sealed class DeterministicRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>Derives independent streams from several integers (seed, epoch, pass...).</summary>
    public static DeterministicRandom For(params long[] keys)
    {
        var state = 0x9E3779B97F4A7C15UL;
        foreach (var key in keys)
        {
            state = Mix(state ^ (ulong)key);
        }

        return new DeterministicRandom(state);
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, bound) without modulo bias (rejection on the top range).</summary>
    public int NextBelow(int bound)
    {
        var limit = ulong.MaxValue - ulong.MaxValue % (ulong)bound;
        ulong value;
        do
        {
            value = NextUInt64();
        }
        while (value >= limit);
        return (int)(value % (ulong)bound);
    }

    /// <summary>Fisher-Yates permutation of 0..count-1.</summary>
    public int[] Permutation(int count)
    {
        var result = new int[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = i;
        }

        for (var i = count - 1; i > 0; i--)
        {
            var j = NextBelow(i + 1);
            (result[i], result[j]) = (result[j], result[i]);
        }

        return result;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
