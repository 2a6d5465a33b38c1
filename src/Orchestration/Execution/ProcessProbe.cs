using System.Globalization;
using Testbed.Records;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// Samples a native worker with the same quantities as a container: CPU from its cgroup's CPU
/// accounting (the counter the engine reads for a container), memory as anonymous resident memory
/// (RssAnon: page cache excluded, as for containers), network as the trainer's own payload
/// counters (from its records, per epoch; a process has no interface of its own).
/// </summary>
internal sealed class ProcessProbe(int rank, int pid, CpuCgroup cgroup, string recordsFile) : IWorkerProbe
{
    private (double CpuSeconds, DateTime At)? _last;

    public int Rank => rank;
    public string Node => Environment.MachineName;

    public Task<ResourceSample?> SampleAsync(CancellationToken cancellation)
    {
        if (!File.Exists($"/proc/{pid}/status")) return Task.FromResult<ResourceSample?>(null); // the process has exited
        var now = DateTime.UtcNow;
        var cpuSeconds = cgroup.CpuSeconds();
        // The first sample has nothing to take a rate against: no value, not 0.
        double? cpu = cpuSeconds is { } used && _last is { } last && now > last.At ? Math.Max(0, (used - last.CpuSeconds) / (now - last.At).TotalSeconds * 100) : null;
        if (cpuSeconds is { } seconds) _last = (seconds, now);
        var records = WorkerRecordFile.Read(recordsFile, RecordReading.Live);
        return Task.FromResult<ResourceSample?>(new ResourceSample(cpu, AnonymousResidentBytes(pid), records.BytesReceived, records.BytesSent));
    }

    /// <summary>RssAnon of /proc/&lt;pid&gt;/status in bytes, or null (exited, or a kernel without the field).</summary>
    internal static long? AnonymousResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("RssAnon:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
