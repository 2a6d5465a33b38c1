using System.Globalization;
using Testbed.Records;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// Samples a native worker from /proc (CPU time, resident memory). A process has no network
/// counters of its own in /proc, so bytes come from the trainer's epoch records (per epoch).
/// </summary>
internal sealed class ProcessProbe(int rank, int pid, string recordsFile) : IWorkerProbe
{
    private const double ClockTicksPerSecond = 100; // USER_HZ, 100 on every Linux this runs on
    private (double CpuSeconds, DateTime At)? _last;

    public int Rank => rank;
    public string Node => Environment.MachineName;

    public Task<ResourceSample?> SampleAsync(CancellationToken cancellation)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces) start after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var cpuSeconds = (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
            var rss = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            long? memory = rss is null ? null : long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            var now = DateTime.UtcNow;
            // The first sample has nothing to take a rate against: no value, not 0.
            double? cpu = _last is { } last && now > last.At ? Math.Max(0, (cpuSeconds - last.CpuSeconds) / (now - last.At).TotalSeconds * 100) : null;
            _last = (cpuSeconds, now);
            var records = WorkerRecordFile.Read(recordsFile, RecordReading.Live);
            return Task.FromResult<ResourceSample?>(new ResourceSample(cpu, memory, records.BytesReceived, records.BytesSent));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return Task.FromResult<ResourceSample?>(null); // the process has exited
        }
    }
}
