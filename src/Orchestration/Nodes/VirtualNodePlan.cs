using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Testbed.Orchestration.Docker;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// What one virtual node's container is made of, decided without an engine: its options (the
/// ones a nested Docker engine needs on a kernel where --privileged is refused), limits, volumes,
/// address and labels, and the recipe hash that says when an existing container no longer fits.
/// </summary>
public static class VirtualNodePlan
{
    /// <summary>
    /// Everything but CAP_SYS_RESOURCE: --privileged fails where the VM's capability bounding set
    /// lacks it, and the nested engine does not need it.
    /// </summary>
    public static IReadOnlyList<string> CapAdd { get; } = ["ALL"];
    public static IReadOnlyList<string> CapDrop { get; } = ["SYS_RESOURCE"];

    /// <summary>No seccomp filter: the nested engine makes namespaces, mounts and keyrings.</summary>
    public static IReadOnlyList<string> SecurityOptions { get; } = ["seccomp=unconfined"];

    /// <summary>systempaths=unconfined: nothing of /proc and /sys masked or read-only (the engine sets sysctls, e.g. ip_forward).</summary>
    public const bool UnmaskSystemPaths = true;

    /// <summary>Every device: the nested engine's containers need /dev/null, ttys, /dev/net/tun-like nodes made inside.</summary>
    public static IReadOnlyList<string> DeviceCgroupRules { get; } = ["a *:* rwm"];

    /// <summary>A private cgroup namespace: the node's cgroups are the root of what it sees, its limits bound its containers.</summary>
    public const string CgroupnsMode = "private";

    public static NodeContainerSpec Container(
        VirtualNodeSpec node, int index, string cluster, NodeImage image, string keysFingerprint, VirtualNodeNaming naming, LanSubnet lan)
    {
        var address = lan.NodeAddress(index);
        return new NodeContainerSpec(
            Name: naming.Container(node.Name),
            Hostname: node.Name,
            Image: image.Tag,
            Network: naming.Network,
            Address: address,
            Aliases: [node.Name],
            NanoCpus: (long)Math.Round(node.Cpus * 1e9),
            MemoryBytes: node.MemoryMb * 1024L * 1024L,
            Volumes: new Dictionary<string, string> { [naming.DockerVolume(node.Name)] = "/var/lib/docker", [naming.DataVolume(node.Name)] = NodeLayout.Root },
            Labels: new Dictionary<string, string>
            {
                [Labels.VirtualNodes] = naming.Prefix,
                [Labels.Cluster] = cluster,
                [Labels.Node] = node.Name,
                [Labels.Recipe] = RecipeHash(node, image, keysFingerprint, address),
            },
            CapAdd: CapAdd,
            CapDrop: CapDrop,
            SecurityOptions: SecurityOptions,
            UnmaskSystemPaths: UnmaskSystemPaths,
            DeviceCgroupRules: DeviceCgroupRules,
            CgroupnsMode: CgroupnsMode);
    }

    /// <summary>
    /// The identity of a node's container: image (its own recipe hash), CPU share, memory, keys and
    /// LAN address, as key-ordered JSON. The cluster's name is not in it: another cluster file
    /// with the same node keeps the container.
    /// </summary>
    public static string RecipeHash(VirtualNodeSpec node, NodeImage image, string keysFingerprint, string address)
    {
        var canonical = JsonSerializer.Serialize(new SortedDictionary<string, string>
        {
            ["address"] = address,
            ["cpus"] = node.Cpus.ToString("R", CultureInfo.InvariantCulture),
            ["image"] = image.Tag,
            ["keys"] = keysFingerprint,
            ["memoryMb"] = node.MemoryMb.ToString(CultureInfo.InvariantCulture),
            ["name"] = node.Name,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..12];
    }
}
