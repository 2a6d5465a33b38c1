using System.Globalization;
using Testbed.Orchestration.Provisioning;

namespace Testbed.Orchestration.Running;

/// <summary>Reads the machine a run measures on, once, at the start of the run.</summary>
public static class HostReading
{
    public static HostDescription Read(string dockerVersion)
    {
        var cpuModel = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";
        var memTotal = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            : null;
        var memoryBytes = memTotal is null ? 0 : long.Parse(memTotal.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        var kernel = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : Environment.OSVersion.VersionString;
        return new HostDescription(cpuModel, Environment.ProcessorCount, memoryBytes, kernel, HostFacts.Describe(HostFacts.OsRelease()), dockerVersion,
            Environment.MachineName)
        {
            Cpu = CpuReading.OfThisMachine(),
        };
    }
}
