using System.Globalization;
using System.Text.RegularExpressions;
using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Images;

namespace Testbed.Orchestration.Monitoring;

/// <summary>Two engines (maybe the same) and addresses a measurement runs between.</summary>
/// <param name="HostPorts">Two ports free on the hosts' own network (iperf3, ping-pong); containers on their own networks use fixed ones.</param>
public sealed record WireEnds(string From, DockerEngine FromEngine, string To, DockerEngine ToEngine, string ToAddress, DockerEngine Manager,
    IReadOnlyList<int> HostPorts);

/// <summary>
/// The raw network path each mode's workers talk over, measured once per run before the first
/// repetition with the runtime rootfs's own tools in throw-away containers: iperf3 for TCP
/// throughput (one stream, 3 s) and the trainer's `bench pingpong` for the round trip of a 64-byte
/// message. host: the hosts' own network stack (native and container-host workers); bridge: two
/// containers on a bridge network (container-bridge); overlay: two containers on an overlay
/// network (container). Between two nodes on a cluster, on this host otherwise.
/// </summary>
public static partial class WirePaths
{
    public static async Task<IReadOnlyList<WirePathEntry>> MeasureAsync(IReadOnlyList<Mode> modes, WireEnds ends, string image, string runId,
        CancellationToken cancellation)
    {
        var paths = new List<WirePathEntry>();
        var host = modes.Where(m => m is Mode.Native or Mode.ContainerHost).ToList();
        if (host.Count > 0) paths.Add(await PathAsync("host", host, ends, image, runId, network: null, cancellation));
        if (modes.Contains(Mode.ContainerBridge)) paths.Add(await PathAsync("bridge", [Mode.ContainerBridge], ends, image, runId, "bridge", cancellation));
        if (modes.Contains(Mode.Container)) paths.Add(await PathAsync("overlay", [Mode.Container], ends, image, runId, "overlay", cancellation));
        return paths;
    }

    private static async Task<WirePathEntry> PathAsync(string name, IReadOnlyList<Mode> modes, WireEnds ends, string image, string runId, string? network,
        CancellationToken cancellation)
    {
        var labels = new Dictionary<string, string> { [Labels.Run] = runId };
        var prefix = $"tb-wire-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(runId)))[..6]}-{name}";
        var entry = new WirePathEntry(name, [.. modes.Select(m => m.ToName())], ends.From, ends.To, null, null, null, null);
        try
        {
            var networkName = network switch
            {
                null => "host",
                "bridge" => await Created(ends.Manager.CreateBridgeNetworkAsync(prefix, labels, cancellation), prefix),
                _ => await Created(ends.Manager.CreateAttachableOverlayAsync(prefix, labels, cancellation), prefix),
            };
            var (iperf, pingpong) = network is null ? (ends.HostPorts[0], ends.HostPorts[1]) : (5201, 5202);
            var iperfServer = await ends.ToEngine.RunProbeContainerAsync($"{prefix}-iperf3", image, ["iperf3", "--server", "--one-off", "--port", N(iperf)],
                networkName, labels, cancellation);
            var pingServer = await ends.ToEngine.RunProbeContainerAsync($"{prefix}-pingpong", image,
                [TrainerImage.Executable, "bench", "pingpong", "--listen", N(pingpong)], networkName, labels, cancellation);
            var address = network is null ? ends.ToAddress : await ends.ToEngine.ContainerAddressAsync(iperfServer, networkName, cancellation);
            var pingAddress = network is null ? ends.ToAddress : await ends.ToEngine.ContainerAddressAsync(pingServer, networkName, cancellation);
            if (address is null || pingAddress is null) return entry with { Problem = $"the {name} servers got no address on {networkName}" };

            var (throughput, iperfLog) = await ClientAsync(ends, image, $"{prefix}-iperf3-client",
                ["iperf3", "--client", address, "--port", N(iperf), "--time", "3", "--json"], networkName, labels, cancellation);
            var (rtt, pingLog) = await ClientAsync(ends, image, $"{prefix}-pingpong-client",
                [TrainerImage.Executable, "bench", "pingpong", "--connect", $"{pingAddress}:{N(pingpong)}"], networkName, labels, cancellation);
            var problems = new List<string>();
            var gbits = throughput ? ClusterMeasurements.Gbits(iperfLog, problems, name) : null;
            if (!throughput) problems.Add($"iperf3 {ends.From} -> {ends.To} failed: {Tail(iperfLog)}");
            var match = rtt ? PingPongLine().Match(pingLog) : Match.Empty;
            if (!match.Success) problems.Add($"pingpong {ends.From} -> {ends.To} failed: {Tail(pingLog)}");
            return entry with
            {
                GbitsPerSecond = gbits,
                RttMedianMicroseconds = match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null,
                RttP90Microseconds = match.Success ? double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : null,
                Problem = problems.Count == 0 ? null : string.Join("; ", problems),
            };
        }
        finally
        {
            foreach (var engine in new[] { ends.FromEngine, ends.ToEngine, ends.Manager }.Distinct())
                await engine.RemoveLabelledAsync($"{Labels.Run}={runId}", CancellationToken.None);
        }
    }

    /// <summary>Runs a client container, retrying while its server is still starting; (succeeded, output).</summary>
    private static async Task<(bool Succeeded, string Output)> ClientAsync(WireEnds ends, string image, string name, IReadOnlyList<string> command,
        string network,
        IDictionary<string, string> labels, CancellationToken cancellation)
    {
        var log = "";
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var id = await ends.FromEngine.RunProbeContainerAsync($"{name}-{N(attempt)}", image, command, network, labels, cancellation);
            var exit = await ends.FromEngine.WaitForExitAsync(id, TimeSpan.FromSeconds(60), cancellation);
            log = await ends.FromEngine.ContainerLogsAsync(id, cancellation);
            await ends.FromEngine.RemoveContainerAsync(id, cancellation);
            if (exit == 0) return (true, log);
            await Task.Delay(300, cancellation);
        }
        return (false, log);
    }

    private static async Task<string> Created(Task<string> creation, string name)
    {
        await creation;
        return name;
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Tail(string log) => string.Join(" / ", log.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3));

    [GeneratedRegex(@"pingpong rtt_us median=([\d.]+) p90=([\d.]+)")]
    private static partial Regex PingPongLine();
}
