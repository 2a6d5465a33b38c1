namespace Testbed.Orchestration.Cluster;

/// <summary>What this machine offers virtual nodes: its cores and its memory.</summary>
public sealed record MachineLimits(int Cores, long MemoryMb)
{
    public static MachineLimits OfThisMachine() => new(Environment.ProcessorCount, TotalMemoryMb());

    private static long TotalMemoryMb()
    {
        // MemTotal, not the GC's limit: a node's memory limit is set on the host's engine.
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            : null;
        var kb = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
        return long.TryParse(kb, out var value) ? value / 1024 : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024);
    }
}
