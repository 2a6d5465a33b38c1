using Testbed.Orchestration.Cleanup;
using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Runner;

public sealed partial class RunnerDoor
{
    /// <summary>A cluster file (for Teardown --cluster), checked against this machine.</summary>
    /// <exception cref="BadInputException">Every problem of the file.</exception>
    public static ClusterDefinition LoadCluster(string repositoryRoot, string cluster)
    {
        try
        {
            return ClusterLoader.Load(Path.Combine(repositoryRoot, "clusters"), cluster, MachineLimits.OfThisMachine());
        }
        catch (ClusterValidationException e)
        {
            throw new BadInputException(e.Message, e);
        }
    }

    /// <summary>Teardown on this host: labelled Docker resources, native workers and cgroups, chroot sessions, virtual nodes.</summary>
    public Task TeardownAsync(CancellationToken cancellation) =>
        Teardown.RunAsync(Reporter, host.SessionsDirectory, naming, cancellation);

    /// <summary>Teardown --cluster of real hosts: a run's leftovers there, their run folders collected first; nothing for other clusters.</summary>
    public async Task TeardownHostsAsync(ClusterDefinition cluster, string resultsDirectory, CancellationToken cancellation)
    {
        if (cluster.Kind == ClusterKind.Hosts) await HostsTeardown.RunAsync(cluster, resultsDirectory, Reporter, cancellation);
    }

    /// <summary>Clean: bin/, obj/ and artifacts/.</summary>
    public static void RemoveBuildOutputs(IReporter reporter, string repositoryRoot, string artifactsDirectory) =>
        BuildOutputs.Remove(reporter, repositoryRoot, artifactsDirectory);

    /// <summary>Clean --all: the cached rootfs, the pipeline's images and the virtual nodes' volumes.</summary>
    /// <exception cref="InvalidOperationException">Something could not be removed.</exception>
    public Task RemoveCachesAsync(CancellationToken cancellation) =>
        BuildOutputs.RemoveCachesAsync(Reporter, host.RootfsDirectory, naming, cancellation);
}
