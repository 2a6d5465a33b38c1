using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Execution;

namespace Testbed.Orchestration.Monitoring;

/// <summary>
/// What a cluster costs and offers before any worker runs: each node's engine CPU while idle, and
/// the raw TCP throughput between two nodes, natively and between containers over an overlay
/// network (iperf3 from the runtime rootfs at both ends), so a report can say what the overlay
/// costs on the wire.
/// </summary>
public static class ClusterMeasurements
{
    /// <summary>dockerd and containerd on <paramref name="node"/> over <paramref name="window"/>, in % of one core.</summary>
    public static async Task<double?> IdleEngineCpuPercentAsync(ClusterNode node, TimeSpan window, CancellationToken cancellation)
    {
        // Clock ticks (utime + stime) of the engine's processes, twice; USER_HZ is 100.
        const string ticks = "for p in $(pgrep -x dockerd; pgrep -x containerd); do cut -d' ' -f14,15 /proc/$p/stat; done | awk '{s+=$1+$2} END {print s+0}'";
        var seconds = window.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var result = await node.Shell.RunAsync($"a=$({ticks}); sleep {seconds}; b=$({ticks}); echo $a $b", window + TimeSpan.FromSeconds(30), cancellation, check: false);
        var parts = result.Output.Trim().Split(' ');
        return result.ExitCode == 0 && parts.Length == 2
               && double.TryParse(parts[0], CultureInfo.InvariantCulture, out var before) && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var after)
            ? Math.Round((after - before) / 100 / window.TotalSeconds * 100, 2)
            : null;
    }

    public static async Task<NetworkEntry> NetworkAsync(ProvisionedCluster cluster, string image, string runId, CancellationToken cancellation)
    {
        if (cluster.Nodes.Count < 2)
            return new NetworkEntry(cluster.Nodes[0].Name, cluster.Nodes[0].Name, null, null, "one node: no traffic crosses nodes");
        var (client, server) = (cluster.Nodes[0], cluster.Nodes[1]);
        var problems = new List<string>();
        var native = await NativeAsync(client, server, cluster.Definition.TrainerPorts + ClusterDefinition.TrainerPortCount - 1, problems, cancellation);
        var overlay = await OverlayAsync(cluster, client, server, image, runId, problems, cancellation);
        return new NetworkEntry(client.Name, server.Name, native, overlay, problems.Count == 0 ? null : string.Join("; ", problems));
    }

    private static async Task<double?> NativeAsync(ClusterNode client, ClusterNode server, int port, List<string> problems, CancellationToken cancellation)
    {
        var p = port.ToString(CultureInfo.InvariantCulture);
        await using var listener = await server.Shell.StartAsync(
            NodeWorkerScript.Tool(server.RootfsDirectory, $"{NodeLayout.Root}/work/iperf3-server", ["iperf3", "--server", "--one-off", "--bind", server.Address, "--port", p]), _ => { }, cancellation);
        try
        {
            // The server needs a moment to listen: retry the client briefly rather than sleep.
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var result = await client.Shell.RunAsync(
                    NodeWorkerScript.Tool(client.RootfsDirectory, $"{NodeLayout.Root}/work/iperf3-client", ["iperf3", "--client", server.Address, "--port", p, "--time", "3", "--json"]),
                    TimeSpan.FromSeconds(60), cancellation, check: false);
                if (result.ExitCode == 0) return Gbits(result.Output, problems, "native");
                if (clock.Elapsed > TimeSpan.FromSeconds(15))
                {
                    problems.Add($"native iperf3 {client.Name} -> {server.Name}:{p} failed: {result.Tail()}");
                    return null;
                }
                await Task.Delay(250, cancellation);
            }
        }
        finally
        {
            await listener.StopAsync(TimeSpan.FromSeconds(2));
            foreach (var node in new[] { client, server })
                await node.Shell.RunAsync($"rm -rf {NodeLayout.Root}/work/iperf3-server {NodeLayout.Root}/work/iperf3-client", TimeSpan.FromSeconds(30), CancellationToken.None, check: false);
        }
    }

    private static async Task<double?> OverlayAsync(ProvisionedCluster cluster, ClusterNode client, ClusterNode server, string image, string runId, List<string> problems, CancellationToken cancellation)
    {
        var network = $"tb-net-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(runId)))[..6]}";
        var labels = new Dictionary<string, string> { [Labels.Run] = runId };
        try
        {
            await cluster.ManagerEngine.CreateAttachableOverlayAsync(network, labels, cancellation);
            var listener = await server.Engine.RunProbeContainerAsync($"{network}-server", image, ["iperf3", "--server", "--one-off"], network, labels, cancellation);
            var address = await server.Engine.ContainerAddressAsync(listener, network, cancellation);
            if (address is null)
            {
                problems.Add($"the iperf3 server container on {server.Name} got no address on {network}");
                return null;
            }
            var log = "";
            for (var attempt = 0; attempt < 30; attempt++)
            {
                var probe = await client.Engine.RunProbeContainerAsync($"{network}-client-{attempt}", image, ["iperf3", "--client", address, "--time", "3", "--json"], network, labels, cancellation);
                var exit = await client.Engine.WaitForExitAsync(probe, TimeSpan.FromSeconds(60), cancellation);
                log = await client.Engine.ContainerLogsAsync(probe, cancellation);
                if (exit == 0) return Gbits(log, problems, "overlay");
                await Task.Delay(250, cancellation);
            }
            problems.Add($"overlay iperf3 {client.Name} -> {server.Name} failed: {string.Join('\n', log.Split('\n').TakeLast(5))}");
            return null;
        }
        finally
        {
            foreach (var node in new[] { client, server }) await node.Engine.RemoveLabelledAsync($"{Labels.Run}={runId}", CancellationToken.None);
            await cluster.ManagerEngine.RemoveLabelledAsync($"{Labels.Run}={runId}", CancellationToken.None);
        }
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
