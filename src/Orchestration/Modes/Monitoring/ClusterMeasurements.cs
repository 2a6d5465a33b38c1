using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Monitoring;

/// <summary>What a cluster costs before any worker runs: each node's engine CPU while idle.</summary>
public static class ClusterMeasurements
{
    /// <summary>dockerd and containerd on <paramref name="node"/> over <paramref name="window"/>, in % of one core.</summary>
    public static async Task<double?> IdleEngineCpuPercentAsync(ClusterNode node, TimeSpan window, CancellationToken cancellation)
    {
        // Clock ticks (utime + stime) of the engine's processes, twice; USER_HZ is 100.
        const string ticks = "for p in $(pgrep -x dockerd; pgrep -x containerd); do cut -d' ' -f14,15 /proc/$p/stat; done | awk '{s+=$1+$2} END {print s+0}'";
        var seconds = window.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var result = await node.Shell.RunAsync($"a=$({ticks}); sleep {seconds}; b=$({ticks}); echo $a $b", window + TimeSpan.FromSeconds(30), cancellation,
            check: false);
        var parts = result.Output.Trim().Split(' ');
        return result.ExitCode == 0 && parts.Length == 2
               && double.TryParse(parts[0], CultureInfo.InvariantCulture, out var before)
                   && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var after)
            ? Math.Round((after - before) / 100 / window.TotalSeconds * 100, 2)
            : null;
    }

    /// <summary>What the receiver got, from iperf3's --json report, in Gbit/s.</summary>
    internal static double? Gbits(string json, List<string> problems, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json[json.IndexOf('{')..]);
            var bits = document.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble();
            return Math.Round(bits / 1e9, 2);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            problems.Add($"{path} iperf3 printed no receiver throughput ({e.Message})");
            return null;
        }
    }
}
