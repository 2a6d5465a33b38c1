namespace Testbed.Analysis.Summary;

/// <summary>
/// Rates from a cumulative counter that moves in jumps: the trainer's payload counters (metrics.csv
/// net_rx/net_tx) are updated once an epoch, so one sample sees a whole epoch's bytes at once. Divided
/// by the second between two samples, that jump read as 1-14 GB/s on a path carrying ~1.1 GB/s, and
/// more when two samples came a few milliseconds apart (the sampler catching up after a slow tick).
/// The bytes of a jump moved while the counter stood still before it, so a jump is spread evenly over
/// the time since the counter last changed: every sample of that stretch gets the same rate.
/// </summary>
public static class PayloadRates
{
    private const double Mega = 1e6;

    /// <summary>
    /// MB/s (10^6 bytes) at each sample, for samples in time order (seconds since the sampler started).
    /// The counters count from 0 when the worker starts, after the sampler, so the first stretch runs
    /// from 0 bytes at 0 s. After the last jump the counter stood still to the end: nothing moved, 0.
    /// A reading below the highest one before it is not a rate (null) and not a new start: the
    /// counters never go down, so it is a bad read (a run's records read as empty for a moment, then
    /// whole again: taken as a reset, the return read as 3 GB in one second) or the worker's end.
    /// </summary>
    public static IReadOnlyList<double?> Spread(IReadOnlyList<(double Seconds, long Bytes)> samples)
    {
        var moments = OneMoment(samples);
        if (moments.Count > 0 && moments[0].Seconds > 0)
            return SpreadFrom([(0, 0), .. moments]).Skip(1).ToList();
        return SpreadFrom(moments);
    }

    /// <summary>Readings closer than this are one moment: the sampler catching up after a stall.</summary>
    public const double SameMomentSeconds = 0.1;

    /// <summary>
    /// Two jumps within <see cref="SameMomentSeconds"/> are one: the first reading takes the second's
    /// value. After a stall of the run's sampler, two epochs' records arrived with its two catch-up
    /// samples 5 ms apart, and the second jump, divided by those 5 ms, read as 1,034,474 MB/s. Taken
    /// as one moment, both jumps spread over the time since the counter last moved.
    /// </summary>
    private static IReadOnlyList<(double Seconds, long Bytes)> OneMoment(IReadOnlyList<(double Seconds, long Bytes)> samples)
    {
        var moments = samples.ToArray();
        for (var i = moments.Length - 2; i >= 1; i--)
        {
            var jumped = samples[i].Bytes > samples[i - 1].Bytes;
            if (jumped && moments[i + 1].Seconds - moments[i].Seconds < SameMomentSeconds && moments[i + 1].Bytes > moments[i].Bytes)
                moments[i].Bytes = moments[i + 1].Bytes;
        }
        return moments;
    }

    private static double?[] SpreadFrom(IReadOnlyList<(double Seconds, long Bytes)> samples)
    {
        var rates = new double?[samples.Count];
        if (samples.Count == 0) return rates;
        var stretchStart = 0; // the first sample showing the counter's current value
        var current = samples[0].Bytes;
        var stretch = new List<int>(); // the samples after stretchStart that read the current value
        for (var i = 1; i < samples.Count; i++)
        {
            var (seconds, bytes) = samples[i];
            if (bytes < current) continue; // a bad read or the end: no rate
            stretch.Add(i);
            if (bytes == current) continue;
            var span = seconds - samples[stretchStart].Seconds;
            if (span > 0)
            {
                foreach (var j in stretch)
                    rates[j] = (bytes - current) / span / Mega;
            }
            stretchStart = i;
            current = bytes;
            stretch.Clear();
        }
        foreach (var j in stretch)
            rates[j] = 0;
        return rates;
    }
}
