using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Processes;
using Testbed.Orchestration.Progress;

namespace Testbed.Orchestration.Tests.Cluster.PlainHosts;

/// <summary>A plain host as made: its name, its address on the hosts' LAN and its host key (the public half).</summary>
internal sealed record PlainHost(string Name, string Address, string HostPublicKey);

/// <summary>
/// Plain hosts for a test, made the way a user's VMs are before the pipeline sees them: each a
/// container from <see cref="PlainHostImage"/> (no engine), with a host key of its own that the
/// test, like a careful user, writes into a known_hosts file of its own (never ~/.ssh), the test's
/// client key authorised for the sudo user, on a bridge network of their own. The disks a VM would
/// have are volumes (/var/lib/docker and /var/lib/testbed cannot be on the container's overlay).
/// Everything is named tbh-... and labelled <see cref="Labels.VirtualNodes"/> with the prefix, so
/// <see cref="RemoveAsync"/> (and a later run's start) finds it all.
/// </summary>
internal sealed class PlainHosts(DockerEngine engine, IReporter reporter, string scratch)
{
    /// <summary>TESTBED_TEST_NODE_PREFIX (tbn-NAME) gives each checkout hosts of its own: tbh-NAME.</summary>
    public static VirtualNodeNaming Naming { get; } = new("tbh-"
        + (System.Environment.GetEnvironmentVariable("TESTBED_TEST_NODE_PREFIX") is { Length: > 0 } prefix
        ? (prefix.StartsWith("tbn-", StringComparison.Ordinal) ? prefix[4..] : prefix) : "it"));

    /// <summary>A VM of about one core and 3 GB: the smoke's worker takes half a core.</summary>
    public const double Cpus = 0.9;
    public const int MemoryMb = 3072;

    private readonly List<PlainHost> _hosts = [];

    public IReadOnlyList<PlainHost> Hosts => _hosts;
    public string ClientKey => Path.Combine(scratch, "id_ed25519");
    public string KnownHostsFile => Path.Combine(scratch, "known_hosts");

    private Dictionary<string, string> CommonLabels => new() { [Labels.VirtualNodes] = Naming.Prefix };

    public async Task MakeAsync(string baseTag, IReadOnlyList<string> names, CancellationToken cancellation)
    {
        await MakeKeyAsync(ClientKey, "tbh-test-client", cancellation);
        var image = new PlainHostImage(baseTag, Naming.Prefix);
        await reporter.ProgressAsync($"Building {image.Tag}", async update =>
        {
            await using var context = await image.BuildContextAsync();
            await engine.BuildAsync(context, [image.Tag], CommonLabels, update, cancellation);
            return true;
        });
        var lan = await MakeLanAsync(cancellation);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            var hostKey = Path.Combine(scratch, $"{name}_ssh_host_ed25519_key");
            await MakeKeyAsync(hostKey, $"tbh-{name}", cancellation);
            var spec = new NodeContainerSpec(Naming.Container(name), name, image.Tag, Naming.Network, lan.NodeAddress(i), [name],
                (long)(Cpus * 1e9), MemoryMb * 1024L * 1024L,
                new Dictionary<string, string> { [Naming.DockerVolume(name)] = "/var/lib/docker", [Naming.DataVolume(name)] = NodeLayout.Root },
                new Dictionary<string, string>(CommonLabels) { [Labels.Node] = name },
                VirtualNodePlan.CapAdd, VirtualNodePlan.CapDrop, VirtualNodePlan.SecurityOptions, VirtualNodePlan.UnmaskSystemPaths,
                VirtualNodePlan.DeviceCgroupRules, VirtualNodePlan.CgroupnsMode);
            foreach (var volume in spec.Volumes.Keys)
                await engine.EnsureVolumeAsync(volume, new Dictionary<string, string>(CommonLabels) { [Labels.Node] = name }, cancellation);
            var id = await engine.CreateNodeContainerAsync(spec, cancellation);
            await using (var files = await FilesAsync(hostKey, cancellation))
                await engine.PutFilesAsync(id, files, cancellation);
            await engine.StartContainerAsync(id, cancellation);
            _hosts.Add(new PlainHost(name, spec.Address, await File.ReadAllTextAsync(hostKey + ".pub", cancellation)));
        }
        await File.WriteAllLinesAsync(KnownHostsFile, KnownHostsLines(), cancellation);
    }

    /// <summary>
    /// A 'hosts' cluster file for them, as a user writes one: the sudo user, the client key, the
    /// test's known_hosts file; the file's name is the cluster's.
    /// </summary>
    public string WriteClusterFile(string clustersDirectory, string name)
    {
        Directory.CreateDirectory(clustersDirectory);
        var nodes = string.Join(",\n", _hosts.Select(h =>
            $"    {{ \"name\": \"{h.Name}\", \"address\": \"{h.Address}\", \"user\": " +
                $"\"{PlainHostImage.User}\", \"keyFile\": \"{ClientKey}\", \"sudo\": true }}"));
        var file = Path.Combine(clustersDirectory, name + ".json");
        File.WriteAllText(file, $$"""
            {
              "name": "{{name}}",
              "kind": "hosts",
              "description": "Plain hosts made by a test: sshd and a sudo user, no engine.",
              "knownHosts": "{{KnownHostsFile}}",
              "nodes": [
            {{nodes}}
              ]
            }
            """);
        return file;
    }

    /// <summary>Removes every container, volume and network of the prefix, and its image; safe when nothing is there.</summary>
    public async Task<string> RemoveAsync(CancellationToken cancellation)
    {
        var removed = await ClusterProvisioner.RemoveVirtualNodesAsync(engine, reporter, Naming, volumes: true, cancellation);
        var images = await engine.RemoveImagesAsync($"{Labels.VirtualNodes}={Naming.Prefix}", cancellation);
        return $"{removed}, {images} image(s)";
    }

    /// <summary>The first host's line plain, the others' hashed, as Debian's ssh (HashKnownHosts yes) writes them.</summary>
    private IEnumerable<string> KnownHostsLines()
    {
        yield return "# plain hosts of a Testbed test: keys the test made and installed itself";
        foreach (var (host, index) in _hosts.Select((h, i) => (h, i)))
        {
            var key = host.HostPublicKey.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (index == 0)
            {
                yield return $"{host.Address} {key[0]} {key[1]}";
                continue;
            }
            var salt = RandomNumberGenerator.GetBytes(20);
            var hash = HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(host.Address));
            yield return $"|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(hash)} {key[0]} {key[1]}";
        }
    }

    private async Task<LanSubnet> MakeLanAsync(CancellationToken cancellation)
    {
        var refused = new List<string>();
        while (true)
        {
            var lan = LanSubnet.Choose((await engine.NetworkSubnetsAsync(cancellation)).Concat(LanSubnet.HostRoutes()).Concat(refused));
            if (await engine.TryCreateBridgeNetworkAsync(Naming.Network, lan.Cidr, lan.Gateway, CommonLabels, cancellation)) return lan;
            refused.Add(lan.Cidr);
        }
    }

    /// <summary>The host key, and the client key authorised for the sudo user (owned by it, as sshd insists).</summary>
    private async Task<MemoryStream> FilesAsync(string hostKey, CancellationToken cancellation)
    {
        var stream = new MemoryStream();
        var home = $"home/{PlainHostImage.User}";
        await using (var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, $"{home}/.ssh/") { Mode = Mode("700"), Uid = PlainHostImage.UserId,
                Gid = PlainHostImage.UserId }, cancellation);
            foreach (var (path, source, mode, owner) in new[]
            {
                ("etc/ssh/ssh_host_ed25519_key", hostKey, "600", 0),
                ("etc/ssh/ssh_host_ed25519_key.pub", hostKey + ".pub", "644", 0),
                ($"{home}/.ssh/authorized_keys", ClientKey + ".pub", "600", PlainHostImage.UserId),
            })
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, path)
                {
                    Mode = Mode(mode), Uid = owner, Gid = owner, DataStream = new MemoryStream(await File.ReadAllBytesAsync(source, cancellation)),
                }, cancellation);
            }
        }
        stream.Position = 0;
        return stream;
    }

    private static async Task MakeKeyAsync(string path, string comment, CancellationToken cancellation) =>
        await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path], TimeSpan.FromSeconds(30), cancellation);

    private static UnixFileMode Mode(string octal) => (UnixFileMode)Convert.ToInt32(octal, 8);
}
