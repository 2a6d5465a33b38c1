using System.Globalization;
using Testbed.Orchestration.Cluster;
using Testbed.Records;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// Samples a native worker on a cluster node from that node's /proc (CPU time, resident memory),
/// one short SSH command a sample; network bytes come from its records (mirrored here), as for a
/// native worker on this host.
/// </summary>
internal sealed class NodeProcessProbe(int rank, ClusterNode node, int pid, string recordsFile) : IWorkerProbe
{
    private const double ClockTicksPerSecond = 100; // USER_HZ, 100 on every Linux this runs on
    private (double CpuSeconds, DateTime At)? _last;

    public int Rank => rank;
    public string Node => node.Name;

    public async Task<ResourceSample?> SampleAsync(CancellationToken cancellation)
    {
        var p = pid.ToString(CultureInfo.InvariantCulture);
        var result = await node.Shell.RunAsync($"cat /proc/{p}/stat && grep '^VmRSS:' /proc/{p}/status || true", TimeSpan.FromSeconds(10), cancellation, check: false);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (result.ExitCode != 0 || lines.Length == 0 || !lines[0].Contains(')')) return null; // the process has exited
        try
        {
            // Fields after the command name (which may hold spaces) start after the last ')'.
            var fields = lines[0][(lines[0].LastIndexOf(')') + 2)..].Split(' ');
            var cpuSeconds = (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
            var rss = lines.FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            long? memory = rss is null ? null : long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            var now = DateTime.UtcNow;
            // The first sample has nothing to take a rate against: no value, not 0.
            double? cpu = _last is { } last && now > last.At ? Math.Max(0, (cpuSeconds - last.CpuSeconds) / (now - last.At).TotalSeconds * 100) : null;
            _last = (cpuSeconds, now);
            var records = WorkerRecordFile.Read(recordsFile, RecordReading.Live);
            return new ResourceSample(cpu, memory, records.BytesReceived, records.BytesSent);
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
