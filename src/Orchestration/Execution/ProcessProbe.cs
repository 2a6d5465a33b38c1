using System.Globalization;
using System.Text.Json;

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
            var memory = rss is null ? 0 : long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            var now = DateTime.UtcNow;
            var cpu = _last is { } last && now > last.At ? (cpuSeconds - last.CpuSeconds) / (now - last.At).TotalSeconds * 100 : 0;
            _last = (cpuSeconds, now);
            var (rx, tx) = TrainerBytes();
            return Task.FromResult<ResourceSample?>(new ResourceSample(Math.Max(0, cpu), memory, rx, tx));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return Task.FromResult<ResourceSample?>(null); // the process has exited
        }
    }

    private (long Rx, long Tx) TrainerBytes()
    {
        long rx = 0, tx = 0;
        if (!File.Exists(recordsFile)) return (0, 0);
        using var stream = new FileStream(recordsFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            try
            {
                using var record = JsonDocument.Parse(line);
                if (record.RootElement.TryGetProperty("type", out var type) && type.GetString() == "epoch")
                {
                    rx += record.RootElement.TryGetProperty("bytesReceived", out var r) ? r.GetInt64() : 0;
                    tx += record.RootElement.TryGetProperty("bytesSent", out var t) ? t.GetInt64() : 0;
                }
            }
            catch (JsonException)
            {
                // A line being written right now; the next sample reads it whole.
            }
        }
        return (rx, tx);
    }
}
