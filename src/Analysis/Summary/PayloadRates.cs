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
        if (samples.Count > 0 && samples[0].Seconds > 0)
            return SpreadFrom([(0, 0), .. samples]).Skip(1).ToList();
        return SpreadFrom(samples);
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
