using System.Diagnostics;

namespace Testbed.Orchestration.Monitoring;

/// <summary>
/// Samples every worker once per interval into <c>metrics.csv</c>. Its own cost is measured as
/// the time it is busy (an upper bound of its CPU use), reported in % of one core, so the manifest
/// can say how much the measurement disturbed what it measured.
/// </summary>
public sealed class ResourceSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private TimeSpan _busy;

    private ResourceSampler(string? csvPath, IReadOnlyList<(string Workload, IWorkerProbe Probe)> probes, TimeSpan interval) =>
        _loop = csvPath is null ? Task.CompletedTask : Task.Run(() => LoopAsync(csvPath, probes, interval));

    /// <summary>Starts sampling into <paramref name="csvPath"/>; null samples nothing (a repetition run unobserved, to measure what observing costs).</summary>
    public static ResourceSampler Start(string? csvPath, IReadOnlyList<(string Workload, IWorkerProbe Probe)> probes, TimeSpan interval) =>
        new(csvPath, probes, interval);

    /// <summary>Busy time over elapsed time, in % of one core.</summary>
    public double CpuPercent => _elapsed.Elapsed.TotalSeconds > 0 ? _busy.TotalSeconds / _elapsed.Elapsed.TotalSeconds * 100 : 0;

    private async Task LoopAsync(string csvPath, IReadOnlyList<(string Workload, IWorkerProbe Probe)> probes, TimeSpan interval)
    {
        await using var writer = new StreamWriter(csvPath) { AutoFlush = true };
        await writer.WriteLineAsync(MetricsCsv.Header);
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                var busy = Stopwatch.StartNew();
                var now = DateTimeOffset.UtcNow;
                // One time for the whole round: per row, a round straddling a millisecond looked like two ticks.
                var elapsed = Math.Round(_elapsed.Elapsed.TotalSeconds, 3);
                foreach (var (workload, probe) in probes)
                {
                    var sample = await probe.SampleAsync(_stop.Token);
                    if (sample is null) continue;
                    await writer.WriteLineAsync(MetricsCsv.Row(new MetricSample(now, elapsed, workload, probe.Rank, probe.Node,
                        sample.CpuPercent, sample.MemoryBytes, sample.NetRxBytes, sample.NetTxBytes)
                    {
                        WireRxBytes = sample.WireRxBytes, WireTxBytes = sample.WireTxBytes,
                        CpuPeriods = sample.CpuPeriods, CpuThrottledPeriods = sample.CpuThrottledPeriods,
                        CpuThrottledSeconds = sample.CpuThrottledSeconds, PageFaults = sample.PageFaults,
                    }));
                }
                _busy += busy.Elapsed;
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
