using System.Globalization;
using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Monitoring;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Running;

/// <summary>
/// Where a run's workers go: the execution modes for its cluster, the cluster as the manifest
/// records it, and where each worker was placed. Disposing closes the cluster's connections
/// (its nodes stay for the next run; Teardown removes virtual ones).
/// </summary>
public sealed class RunTarget : IAsyncDisposable
{
    private readonly ProvisionedCluster? _cluster;

    private RunTarget(IReadOnlyDictionary<Mode, IExecutionMode> modes, ClusterEntry entry, string placement, ProvisionedCluster? cluster,
        WorkerMonitor? monitor = null, Recovery.INodeStopper? stopper = null)
    {
        NodeStopper = stopper;
        Modes = modes;
        Cluster = entry;
        Placement = placement;
        Monitor = monitor;
        _cluster = cluster;
    }

    /// <summary>Samples every worker during each repetition, in every mode (and whole nodes on a cluster).</summary>
    public WorkerMonitor? Monitor { get; }

    /// <summary>Freezes and thaws nodes for --inject-faults stop-node: virtual clusters only, else null.</summary>
    public Recovery.INodeStopper? NodeStopper { get; }

    public IReadOnlyDictionary<Mode, IExecutionMode> Modes { get; }
    public ClusterEntry Cluster { get; }
    public string Placement { get; }

    public static TimeSpan IdleWindow { get; } = TimeSpan.FromSeconds(5);

    /// <summary>This host alone: its engine's one-node swarm, native workers as chroot processes here.</summary>
    public static async Task<RunTarget> LocalAsync(PreparedRun run, RunInputs inputs, DockerEngine engine, IReporter reporter, string runId,
        CancellationToken cancellation)
    {
        var monitor = WorkerMonitor.Local();
        var modes = new Dictionary<Mode, IExecutionMode>
        {
            [Mode.Native] = new NativeMode(inputs.Rootfs, inputs.PublishDirectory, inputs.SessionsDirectory, inputs.UserId, monitor, inputs.Foreign),
            [Mode.Container] = new ContainerMode(new LocalSwarm(engine, inputs.UserId), ServiceImage(inputs), inputs.UserId, monitor, foreign: inputs.Foreign),
            [Mode.ContainerHost] = new ContainerMode(new LocalSwarm(engine, inputs.UserId), ServiceImage(inputs), inputs.UserId, monitor, hostNetwork: true,
                foreign: inputs.Foreign),
            [Mode.ContainerBridge] = new BridgeMode(engine, inputs.Image.Tag, inputs.UserId, monitor),
        };
        var node = new NodeEntry(Environment.MachineName, "127.0.0.1", Environment.ProcessorCount, null,
            await engine.VersionAsync(cancellation)) { Cpu = CpuReading.OfThisMachine() };
        var wire = await MeasureWireAsync(run, new WireEnds("this host", engine, "this host", engine, "127.0.0.1", engine, FreePorts.OnLoopback(2)), inputs,
            reporter, runId, cancellation);
        var entry = new ClusterEntry(run.Cluster.Name, "local", NullIfEmpty(run.Cluster.File), NullIfEmpty(run.Cluster.Sha256), [node])
        {
            Wire = wire,
            RingTags = RingAuthentication.TagsFor(ClusterKind.Local),
        };
        return new RunTarget(modes, entry, WorkerPlacement.Describe(run.Experiments, await engine.LabelledNodesAsync(cancellation)), null, monitor);
    }

    /// <summary>
    /// A cluster's nodes, made ready (virtual ones created or reused), each node's idle engine
    /// measured and the network between two of them, before any worker runs.
    /// </summary>
    public static async Task<RunTarget> ClusterAsync(PreparedRun run, RunInputs inputs, DockerEngine host, IReporter reporter, string runId,
        CancellationToken cancellation)
    {
        var cluster = await new ClusterProvisioner(host, reporter, new ClusterSettings(inputs.CacheDirectory, inputs.Naming))
            .EnsureAsync(run.Cluster, inputs.Rootfs, inputs.Image, inputs.PublishDirectory, cancellation, inputs.Foreign);
        try
        {
            reporter.Info($"Cluster {run.Cluster.Name} ready in {cluster.Timings}");
            // Whatever an earlier run left (a driver killed outright): its files collected, its processes gone, before anything is measured.
            await reporter.ProgressAsync("Sweeping every node of earlier runs' leftovers", async _ =>
                await Cleanup.NodeSweep.SweepAsync(cluster, run.Request.ResultsDirectory, reporter, cancellation));
            var idle = await reporter.ProgressAsync($"Measuring each node's idle engine ({IdleWindow.TotalSeconds:0} s)", async _ =>
                await Task.WhenAll(cluster.Nodes.Select(n => ClusterMeasurements.IdleEngineCpuPercentAsync(n, IdleWindow, cancellation, reporter.Warn))));
            var (from, to) = (cluster.Nodes[0], cluster.Nodes[^1]);
            // The last two trainer ports: open between the hosts, and never a worker's (they take the first ones).
            var last = cluster.Definition.TrainerPorts + ClusterDefinition.TrainerPortCount - 1;
            var wire = await MeasureWireAsync(run,
                new WireEnds(from.Name, from.Engine, to.Name, to.Engine, to.Address, cluster.ManagerEngine, [last - 1, last]),
                inputs, reporter, runId, cancellation);

            var cpus = await Task.WhenAll(cluster.Nodes.Select(n => CpuOfAsync(n, cancellation)));
            var nodes = new List<NodeEntry>();
            for (var i = 0; i < cluster.Nodes.Count; i++)
            {
                var node = cluster.Nodes[i];
                var spec = run.Cluster.VirtualNodes.FirstOrDefault(v => v.Name == node.Name);
                nodes.Add(new NodeEntry(node.Name, node.Address, spec?.Cpus, spec?.MemoryMb,
                    await node.Engine.VersionAsync(cancellation)) { IdleEngineCpuPercent = idle[i], Cpu = cpus[i] });
            }
            var t = cluster.Timings;
            var entry = new ClusterEntry(run.Cluster.Name, run.Cluster.Kind.ToString().ToLowerInvariant(), NullIfEmpty(run.Cluster.File),
                NullIfEmpty(run.Cluster.Sha256), nodes)
            {
                Provisioning = new ProvisioningEntry(Math.Round(t.TotalSeconds, 1), t.Reused, t.CreatedNodes, t.ToString()) { PreparedNodes = t.PreparedNodes },
                Wire = wire,
                RingTags = RingAuthentication.TagsFor(run.Cluster.Kind),
            };
            var monitor = WorkerMonitor.Of(cluster);
            var modes = new Dictionary<Mode, IExecutionMode>
            {
                [Mode.Native] = new NodeNativeMode(cluster, inputs.UserId, monitor),
                [Mode.Container] = new ContainerMode(new ClusterSwarmTarget(cluster, inputs.UserId), ServiceImage(inputs), inputs.UserId, monitor,
                    foreign: inputs.Foreign),
                [Mode.ContainerHost] = new ContainerMode(new ClusterSwarmTarget(cluster, inputs.UserId), ServiceImage(inputs), inputs.UserId, monitor,
                    hostNetwork: true, foreign: inputs.Foreign),
            };
            var stopper = run.Cluster.Kind == ClusterKind.Virtual ? new Recovery.VirtualNodeStopper(host, inputs.Naming, cluster) : null;
            return new RunTarget(modes, entry, Describe(run, cluster), cluster, monitor, stopper);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private static async Task<IReadOnlyList<WirePathEntry>> MeasureWireAsync(PreparedRun run, WireEnds ends, RunInputs inputs, IReporter reporter, string runId,
        CancellationToken cancellation)
    {
        var wire = await reporter.ProgressAsync($"Measuring each mode's network path, {ends.From} to {ends.To} (iperf3 and a ping-pong)", async _ =>
            await WirePaths.MeasureAsync(run.Request.Modes, ends, inputs.Image.Tag, runId, cancellation));
        foreach (var path in wire)
        {
            reporter.Info($"Wire {path.Path} ({string.Join(", ", path.Modes)}): {Gbits(path.GbitsPerSecond)}, round " +
                $"trip {Microseconds(path.RttMedianMicroseconds)}{(path.Problem is null ? "" : $" ({path.Problem})")}");
        }
        return wire;
    }

    private static string Microseconds(double? value) => value is { } v ? $"{v.ToString("0", CultureInfo.InvariantCulture)} us" : "not measured";

    /// <summary>The node's own processor: on real hosts it decides the bits its workers produce, not this machine's.</summary>
    private static async Task<CpuEntry?> CpuOfAsync(ClusterNode node, CancellationToken cancellation)
    {
        var result = await node.Shell.RunAsync("cat /proc/cpuinfo", TimeSpan.FromSeconds(30), cancellation, check: false, idempotent: true);
        return result.ExitCode == 0 ? CpuReading.Parse(result.Output) : null;
    }

    private static string Describe(PreparedRun run, ProvisionedCluster cluster)
    {
        var parts = run.Experiments.SelectMany(e => e.Workloads.Select(w =>
            $"{e.Name}/{w.Name}: " + string.Join(", ", Enumerable.Range(0, w.Workers).Select(r =>
            {
                var node = cluster.Node(NodePlan.NodeOf(w, r));
                return $"rank {r.ToString(CultureInfo.InvariantCulture)} on {node.Name} ({node.Address})";
            }))));
        return $"cluster {cluster.Definition.Name}, in both modes (containers pinned by the node label " +
            $"testbed.node, native processes on the node): {string.Join("; ", parts)}. No worker runs on this host.";
    }

    private static string Gbits(double? value) => value is { } v ? $"{v.ToString("0.0", CultureInfo.InvariantCulture)} Gbit/s" : "not measured";

    /// <summary>
    /// Services name the trainer image by its id, not its tag: an engine then never asks a registry
    /// for it (a tag makes every task start try docker.io first: a DNS failure here, a connect
    /// timeout behind a firewall, and with internet whatever image someone published under that
    /// name). The id is the same on every node: the image is copied by save and load, and checked.
    /// </summary>
    private static string ServiceImage(RunInputs inputs) => inputs.Image.Id.StartsWith("sha256:", StringComparison.Ordinal) ? inputs.Image.Id
        : inputs.Image.Tag;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}
