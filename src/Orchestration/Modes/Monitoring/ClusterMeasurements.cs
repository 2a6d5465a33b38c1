using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Monitoring;

/// <summary>What a cluster costs before any worker runs: each node's engine CPU while idle.</summary>
public static class ClusterMeasurements
{
    /// <summary>
    /// dockerd and containerd on <paramref name="node"/> over <paramref name="window"/>, in % of one core;
    /// null when it could not be read, and <paramref name="missing"/> told why (the command's exit code and output).
    /// </summary>
    public static async Task<double?> IdleEngineCpuPercentAsync(ClusterNode node, TimeSpan window, CancellationToken cancellation,
        Action<string>? missing = null)
    {
        // Clock ticks (utime + stime) of the engine's processes, twice; USER_HZ is 100. A process that
        // exits between pgrep and the read is left out quietly: the command's stderr is its output too.
        const string ticks = "for p in $(pgrep -x dockerd; pgrep -x containerd); do cat /proc/$p/stat 2>/dev/null; done " +
            "| awk '{ s += $14 + $15 } END { print s + 0 }'";
        var seconds = window.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var result = await node.Shell.RunAsync($"a=$({ticks}); sleep {seconds}; b=$({ticks}); echo \"{IdleTicksMarker}$a $b\"",
            window + TimeSpan.FromSeconds(30), cancellation, check: false);
        var percent = result.ExitCode == 0 ? IdlePercent(result.Output, window) : null;
        if (percent is null)
            missing?.Invoke($"{node.Name}: the idle engine's CPU could not be read (exit code {result.ExitCode}); its output:\n{result.Tail()}");
        return percent;
    }

    private const string IdleTicksMarker = "engine-ticks ";

    /// <summary>
    /// The engine's % of one core from the measurement's marked line ("engine-ticks before after"),
    /// wherever it is among other lines (the command's stderr is in its output: a stray line must not lose the measurement); null without one.
    /// </summary>
    internal static double? IdlePercent(string output, TimeSpan window)
    {
        var line = output.Split('\n', StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith(IdleTicksMarker, StringComparison.Ordinal));
        var parts = line?[IdleTicksMarker.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is { Length: 2 }
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
