using System.Text.RegularExpressions;
using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Images;

namespace Testbed.Orchestration.Runner;

/// <summary>
/// The runner door's part for the node layer (which has no door of its own: it is at its line
/// budget): the virtual nodes' names, a cluster made ready, the node failures a person can act on.
/// </summary>
public sealed partial class RunnerDoor
{
    /// <summary>--node-prefix's default: the one virtual cluster of a checkout.</summary>
    public static string DefaultNodePrefix => VirtualNodeNaming.Default.Prefix;

    /// <summary>The failure a person can act on that <paramref name="e"/> is (exit 2 when bad input, else 1), or null.</summary>
    public static NodeFailure? NodeFailureOf(Exception e) => NodeFailure.Of(e);

    /// <exception cref="BadInputException">A prefix that cannot name containers, volumes and a network.</exception>
    private static VirtualNodeNaming Naming(string nodePrefix) => NodePrefixPattern().IsMatch(nodePrefix)
        ? new VirtualNodeNaming(nodePrefix)
        : throw new BadInputException($"--node-prefix is '{nodePrefix}'; expected 1-20 characters of a-z, 0-9 and '-', " +
            "starting with a letter (it names containers, volumes and a network).");

    /// <summary>A cluster's nodes made ready (not the local cluster): engine, rootfs, trainer and image on each, one swarm.</summary>
    private async Task EnsureClusterAsync(ClusterDefinition cluster, ForeignRuntimes foreign, CancellationToken cancellation)
    {
        using var engine = new DockerEngine();
        var provisioner = new ClusterProvisioner(engine, Reporter, new ClusterSettings(host.CacheDirectory, naming));
        await using var ready = await provisioner.EnsureAsync(cluster, host.Rootfs, host.TrainerImage, publishDirectory, cancellation, foreign);
        Reporter.Info($"Cluster {cluster.Name} ready in {ready.Timings}: {string.Join(", ", ready.Nodes.Select(n => $"{n.Name} {n.Address}"))}");
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,19}$")]
    private static partial Regex NodePrefixPattern();
}
