using MathNet.Numerics.Statistics;

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
        var (valid, jumps) = Readings(samples);
        var start = 0; // the sample where the counter last moved: its stretch's rate starts after it
        foreach (var end in Sightings(samples, jumps))
        {
            var span = samples[end].Seconds - samples[start].Seconds;
            double? rate = span > 0 ? (samples[end].Bytes - samples[start].Bytes) / span / Mega : null;
            for (var i = start + 1; i <= end; i++)
                if (valid[i]) rates[i] = rate;
            start = end;
        }
        for (var i = start + 1; i < samples.Count; i++)
            if (valid[i]) rates[i] = 0;
        return rates;
    }

    /// <summary>Which readings are honest (none below the highest before it) and where the counter rose.</summary>
    private static (bool[] Valid, List<int> Jumps) Readings(IReadOnlyList<(double Seconds, long Bytes)> samples)
    {
        var valid = new bool[samples.Count];
        var jumps = new List<int>();
        var current = samples[0].Bytes;
        valid[0] = true;
        for (var i = 1; i < samples.Count; i++)
        {
            if (samples[i].Bytes < current) continue;
            valid[i] = true;
            if (samples[i].Bytes == current) continue;
            jumps.Add(i);
            current = samples[i].Bytes;
        }
        return (valid, jumps);
    }

    /// <summary>
    /// The jumps that end a stretch. The counter moves once an epoch, so two honest jumps lie about an
    /// epoch apart; one seen less than half the counter's usual spacing after the jump before it means
    /// the reader was late for that one (a sampler stall, then its catch-up: jumps 5 ms apart read as
    /// 1,034,474 MB/s, 0.24 s apart as 4,257 MB/s). Such a jump joins the one before it, and both
    /// epochs' bytes spread over the time since the counter moved before them.
    /// </summary>
    private static IEnumerable<int> Sightings(IReadOnlyList<(double Seconds, long Bytes)> samples, List<int> jumps)
    {
        var spans = jumps.Select((j, k) => samples[j].Seconds - samples[k == 0 ? 0 : jumps[k - 1]].Seconds).ToList();
        var usual = spans.Count == 0 ? 0 : spans.Median();
        var ends = new List<int>();
        for (var k = 0; k < jumps.Count; k++)
        {
            if (k > 0 && spans[k] < usual / 2) ends[^1] = jumps[k];
            else ends.Add(jumps[k]);
        }
        return ends;
    }
}
