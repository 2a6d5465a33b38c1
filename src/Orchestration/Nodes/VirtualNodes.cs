using System.Formats.Tar;
using System.Text;
using Testbed.Orchestration.Docker;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// Makes virtual nodes on this host's engine: a container per node, from <see cref="NodeImage"/>,
/// on one bridge network that plays the LAN, with the node's CPU quota and memory limit, its
/// engine's data and the pipeline's files on named volumes (they survive the container). Made
/// once and reused while the recipe is unchanged; a changed recipe makes the container again and
/// keeps the volumes. Everything carries the <see cref="Labels.VirtualNodes"/> label.
/// </summary>
public sealed class VirtualNodes(DockerEngine engine, IReporter reporter, VirtualNodeNaming naming)
{
    public VirtualNodeNaming Naming => naming;

    private Dictionary<string, string> CommonLabels => new() { [Labels.VirtualNodes] = naming.Prefix };

    /// <summary>Builds the node image on the imported runtime rootfs unless it exists.</summary>
    public async Task<NodeImage> EnsureImageAsync(string baseTag, CancellationToken cancellation)
    {
        var image = new NodeImage(baseTag);
        if (await engine.ImageIdAsync(image.Tag, cancellation) is not null)
        {
            reporter.Skip($"{image.Tag} exists (node recipe unchanged)");
            return image;
        }
        if (await engine.ImageIdAsync(baseTag, cancellation) is null)
        {
            throw new InvalidOperationException(
                $"The node image is built on {baseTag}, which this engine does not have. Build the images first (./build.sh Images).");
        }
        await reporter.ProgressAsync($"Building {image.Tag} (the runtime rootfs + {string.Join(", ", NodeImage.Packages)})", async update =>
        {
            await using var context = await image.BuildContextAsync(cancellation);
            var labels = new Dictionary<string, string> { [Labels.Image] = "node", [Labels.Content] = image.Hash };
            await engine.BuildAsync(context, [image.Tag], labels, update, cancellation);
            return true;
        });
        reporter.Info($"Built {image.Tag}");
        return image;
    }

    /// <summary>
    /// Makes or reuses a container per node of <paramref name="cluster"/> and starts it; removes
    /// containers of this prefix for nodes the cluster does not have (their volumes stay).
    /// Returns once every container runs; whether sshd and the engine inside answer is the caller's
    /// to wait for.
    /// </summary>
    public async Task<IReadOnlyList<VirtualNode>> EnsureAsync(ClusterDefinition cluster, NodeImage image, SshKeys keys, CancellationToken cancellation)
    {
        if (cluster.Kind != ClusterKind.Virtual)
            throw new ArgumentException($"{cluster.Name} is a {cluster.Kind} cluster, not a virtual one.", nameof(cluster));
        var lan = await EnsureLanAsync(cancellation);

        var wanted = cluster.VirtualNodes.Select(n => naming.Container(n.Name)).ToHashSet();
        var ours = await engine.ContainersLabelledAsync($"{Labels.VirtualNodes}={naming.Prefix}", cancellation);
        foreach (var stray in ours.Where(c => !wanted.Contains(c.Name)))
        {
            await engine.RemoveContainerAsync(stray.Id, cancellation);
            reporter.Info($"Removed virtual node {stray.Name}: {cluster.Name} has no such node (its volumes stay)");
        }

        var nodes = new List<VirtualNode>();
        var fingerprint = keys.Fingerprint;
        for (var i = 0; i < cluster.VirtualNodes.Count; i++)
        {
            var spec = VirtualNodePlan.Container(cluster.VirtualNodes[i], i, cluster.Name, image, fingerprint, naming, lan);
            nodes.Add(await EnsureContainerAsync(spec, keys, cancellation));
        }
        return nodes;
    }

    private async Task<VirtualNode> EnsureContainerAsync(NodeContainerSpec spec, SshKeys keys, CancellationToken cancellation)
    {
        var existing = await engine.InspectContainerAsync(spec.Name, cancellation);
        if (existing is not null && existing.Labels.GetValueOrDefault(Labels.Recipe) == spec.Labels[Labels.Recipe])
        {
            if (!existing.Running) await engine.StartContainerAsync(existing.Id, cancellation);
            if (existing.Paused)
            {
                // Only a run killed during a stop-node fault leaves a node frozen.
                await engine.UnpauseContainerAsync(existing.Id, cancellation);
                reporter.Warn($"{spec.Name} was paused (a run stopped during a stop-node fault?); resumed it");
            }
            reporter.Skip($"{spec.Name} at {spec.Address} reused ({(existing.Running ? "running" : "started again")}, " +
                $"recipe {spec.Labels[Labels.Recipe]} unchanged)");
            return new VirtualNode(spec.Hostname, spec.Address, existing.Id, Created: false);
        }
        if (existing is not null)
        {
            await engine.RemoveContainerAsync(existing.Id, cancellation);
            reporter.Info($"{spec.Name}: its recipe changed ({existing.Labels.GetValueOrDefault(Labels.Recipe, "none")} -> {spec.Labels[Labels.Recipe]}); " +
                "making it again, volumes kept");
        }
        foreach (var volume in spec.Volumes.Keys)
            await engine.EnsureVolumeAsync(volume, new Dictionary<string, string>(CommonLabels) { [Labels.Node] = spec.Hostname }, cancellation);
        var id = await engine.CreateNodeContainerAsync(spec, cancellation);
        await using (var files = await KeyFilesAsync(keys, cancellation))
            await engine.PutFilesAsync(id, files, cancellation);
        await engine.StartContainerAsync(id, cancellation);
        reporter.Info($"Made virtual node {spec.Name} at {spec.Address} ({spec.NanoCpus / 1e9:0.##} CPU, {spec.MemoryBytes / (1024 * 1024)} MB)");
        return new VirtualNode(spec.Hostname, spec.Address, id, Created: true);
    }

    /// <summary>The LAN network, made with a free /24 unless it exists (then its subnet is kept: nodes keep their addresses).</summary>
    private async Task<LanSubnet> EnsureLanAsync(CancellationToken cancellation)
    {
        var subnet = await engine.NetworkSubnetAsync(naming.Network, cancellation);
        if (subnet is not null)
        {
            return LanSubnet.Parse(subnet) ?? throw new InvalidOperationException(
                $"The network {naming.Network} exists with subnet '{subnet}', not a /24 the pipeline made. " +
                "Remove it (./build.sh Teardown removes the pipeline's), then run again.");
        }
        // Another network may take the chosen subnet between the choice and the creation (another
        // prefix's nodes being made at the same time): then the next free one.
        var refused = new List<string>();
        while (true)
        {
            var lan = LanSubnet.Choose((await engine.NetworkSubnetsAsync(cancellation)).Concat(LanSubnet.HostRoutes()).Concat(refused));
            if (await engine.TryCreateBridgeNetworkAsync(naming.Network, lan.Cidr, lan.Gateway, CommonLabels, cancellation))
            {
                reporter.Info($"Made the virtual nodes' LAN {naming.Network} ({lan.Cidr})");
                return lan;
            }
            if (await engine.NetworkSubnetAsync(naming.Network, cancellation) is { } made && LanSubnet.Parse(made) is { } existing) return existing;
            refused.Add(lan.Cidr);
        }
    }

    /// <summary>The pipeline's host key and the authorised client key, as a tar unpacked at / before the node first starts.</summary>
    private static async Task<MemoryStream> KeyFilesAsync(SshKeys keys, CancellationToken cancellation)
    {
        var stream = new MemoryStream();
        await using (var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            var ssh = new PaxTarEntry(TarEntryType.Directory, "root/.ssh/")
            {
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            };
            await tar.WriteEntryAsync(ssh, cancellation);
            foreach (var (path, content, secret) in new[]
            {
                ("etc/ssh/ssh_host_ed25519_key", await File.ReadAllTextAsync(keys.HostKey, cancellation), true),
                ("etc/ssh/ssh_host_ed25519_key.pub", await File.ReadAllTextAsync(keys.HostPublicKey, cancellation), false),
                ("root/.ssh/authorized_keys", await File.ReadAllTextAsync(keys.ClientPublicKey, cancellation), true),
            })
            {
                var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | (secret ? 0 : UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                var file = new PaxTarEntry(TarEntryType.RegularFile, path) { Mode = mode, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };
                await tar.WriteEntryAsync(file, cancellation);
            }
        }
        stream.Position = 0;
        return stream;
    }

    /// <summary>
    /// Removes every node container of this prefix and the LAN network; with
    /// <paramref name="volumes"/> also their volumes (the nodes' images and copied files: a cache
    /// that costs minutes to fill again, so only an explicit clean removes it).
    /// </summary>
    public async Task<RemovedVirtualNodes> RemoveAsync(bool volumes, CancellationToken cancellation)
    {
        var label = $"{Labels.VirtualNodes}={naming.Prefix}";
        var containers = await engine.ContainersLabelledAsync(label, cancellation);
        foreach (var container in containers) await engine.RemoveContainerAsync(container.Id, cancellation);
        var networks = await engine.RemoveNetworkByNameAsync(naming.Network, cancellation) ? 1 : 0;
        var removedVolumes = 0;
        if (volumes)
        {
            foreach (var volume in await engine.VolumesLabelledAsync(label, cancellation))
            {
                await engine.RemoveVolumeAsync(volume, cancellation);
                removedVolumes++;
            }
        }
        return new RemovedVirtualNodes(containers.Count, networks, removedVolumes);
    }
}
