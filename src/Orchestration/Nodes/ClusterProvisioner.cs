using System.Diagnostics;
using System.Net;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Images;
using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// The cluster node layer's front door: <see cref="EnsureAsync"/> turns a cluster definition into
/// a <see cref="ProvisionedCluster"/>, the same steps for virtual nodes and real hosts once the
/// virtual ones exist: connect over SSH, make the engine answer, copy the rootfs and trainer, load
/// the trainer image, form the swarm. Everything already in place is checked and skipped.
/// </summary>
public sealed class ClusterProvisioner(DockerEngine host, IReporter reporter, ClusterSettings settings)
{
    public async Task<ProvisionedCluster> EnsureAsync(ClusterDefinition definition, RootfsImage rootfs, TrainerImage trainerImage, string publishDirectory,
        CancellationToken cancellation, ForeignRuntimes? foreign = null)
    {
        if (definition.Kind == ClusterKind.Local)
        {
            throw new ArgumentException(
                "The local cluster is this host's own engine and swarm (ProvisionHost makes them); there are no nodes to provision.", nameof(definition));
        }
        var total = Stopwatch.StartNew();

        var clock = Stopwatch.StartNew();
        IReadOnlyList<(string Name, string Address, SshTarget Target)> targets;
        double imageSeconds = 0;
        IReadOnlyList<string> created = [];
        if (definition.Kind == ClusterKind.Virtual)
        {
            var keys = await SshKeys.EnsureAsync(settings.KeysDirectory, cancellation);
            var virtualNodes = new VirtualNodes(host, reporter, settings.Naming);
            var image = await virtualNodes.EnsureImageAsync($"testbed/base:{rootfs.Hash}", cancellation);
            imageSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var made = await virtualNodes.EnsureAsync(definition, image, keys, cancellation);
            created = made.Where(n => n.Created).Select(n => n.Name).ToList();
            targets = made.Select(n => (n.Name, n.Address,
                new SshTarget(n.Name, n.Address, 22, "root", keys.ClientKey, Sudo: false, new HostKeyCheck.Pinned(keys.HostPublicKey)))).ToList();
        }
        else
        {
            var knownHosts = definition.HostKeys;
            targets = definition.Hosts.Select(h => (h.Name, h.Address,
                new SshTarget(h.Name, h.Address, h.Port, h.User, h.KeyFile, h.Sudo, knownHosts))).ToList();
        }
        var nodesSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var nodes = new List<ClusterNode>();
        try
        {
            await reporter.ProgressAsync($"Connecting to {string.Join(", ", targets.Select(t => t.Name))}", async update =>
            {
                var shells = await Task.WhenAll(targets.Select(t => NodeShell.ConnectAsync(t.Target, settings.ConnectTimeout, cancellation)));
                for (var i = 0; i < targets.Count; i++)
                {
                    var address = await LanAddressAsync(targets[i].Address, cancellation);
                    nodes.Add(new ClusterNode(targets[i].Name, address, shells[i], await shells[i].OpenEngineAsync()));
                }
                return true;
            });
            var connectSeconds = clock.Elapsed.TotalSeconds;

            clock.Restart();
            var preparer = new NodePreparer(mayInstall: definition.Kind == ClusterKind.Hosts, settings.EngineTimeout);
            var trainerHash = NodePreparer.TrainerHash(publishDirectory);
            var preparing = $"Preparing {nodes.Count} nodes (engine, rootfs {rootfs.Hash}, trainer {trainerHash}, image {trainerImage.Tag})";
            await reporter.ProgressAsync(preparing, async update =>
            {
                await Task.WhenAll(nodes.Select(async node =>
                {
                    node.Preparation = await preparer.PrepareAsync(
                        node.Shell, () => Task.FromResult(node.Engine), host, rootfs, trainerImage, publishDirectory, trainerHash, update, cancellation);
                    node.RootfsDirectory = NodeLayout.Rootfs(rootfs.Hash);
                    node.TrainerDirectory = NodeLayout.Trainer(trainerHash);
                    // Foreign trainers' runtimes (issue 25): their rootfs, trainers/ and image, only when the run has such workloads.
                    foreach (var runtime in (foreign ?? ForeignRuntimes.None).ByName.Values)
                        node.Runtimes[runtime.Name] = await preparer.PrepareRuntimeAsync(node.Shell, node.Engine, host, runtime, update, cancellation);
                }));
                return true;
            });
            foreach (var node in nodes) reporter.Info(Describe(node.Preparation!));
            var prepareSeconds = clock.Elapsed.TotalSeconds;

            clock.Restart();
            var swarm = new ClusterSwarm(definition.Name, ownsNodes: definition.Kind == ClusterKind.Virtual, reporter, settings.SwarmTimeout);
            var ids = await swarm.EnsureAsync(nodes.Select(n => new SwarmMember(n.Name, n.Address, n.Engine)).ToList(), cancellation);
            foreach (var node in nodes) node.SwarmNodeId = ids[node.Name];
            var swarmSeconds = clock.Elapsed.TotalSeconds;

            var prepared = nodes.Where(n => !created.Contains(n.Name)
                    && n.Preparation is { EngineInstalled: true } or { RootfsCopied: true } or { TrainerCopied: true } or { ImageLoaded: true })
                .Select(n => n.Name).ToList();
            var timings = new ProvisioningTimings(imageSeconds, nodesSeconds, connectSeconds, prepareSeconds, swarmSeconds, total.Elapsed.TotalSeconds, created)
            {
                PreparedNodes = prepared,
            };
            reporter.Info($"{definition.Name}: {nodes.Count} nodes ready in {timings.TotalSeconds:0.0} s ({timings.Summary}); " +
                $"manager {nodes[0].Name} at {nodes[0].Address}");
            return new ProvisionedCluster(definition, nodes, timings);
        }
        catch
        {
            foreach (var node in nodes) await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Removes the virtual nodes of <paramref name="naming"/> (containers and LAN; volumes only when asked) from the host's engine.</summary>
    public static Task<RemovedVirtualNodes> RemoveVirtualNodesAsync(
        DockerEngine host, IReporter reporter, VirtualNodeNaming naming, bool volumes, CancellationToken cancellation) =>
        new VirtualNodes(host, reporter, naming).RemoveAsync(volumes, cancellation);

    /// <summary>The address the swarm advertises: an IP (a host name is resolved here).</summary>
    private static async Task<string> LanAddressAsync(string address, CancellationToken cancellation)
    {
        if (IPAddress.TryParse(address, out _)) return address;
        var addresses = await Dns.GetHostAddressesAsync(address, System.Net.Sockets.AddressFamily.InterNetwork, cancellation);
        return addresses.FirstOrDefault()?.ToString() ?? throw new InvalidOperationException($"{address} does not resolve to an IPv4 address.");
    }

    private static string Describe(NodePreparation p)
    {
        var done = new List<string>();
        if (p.EngineInstalled) done.Add("engine installed");
        if (p.RootfsCopied) done.Add("rootfs copied");
        if (p.TrainerCopied) done.Add("trainer copied");
        if (p.ImageLoaded) done.Add("image loaded");
        return $"{p.Node}: engine {p.EngineVersion}; {(done.Count == 0 ? "everything already there" : string.Join(", ", done))} ({p.Seconds:0.0} s)";
    }
}
