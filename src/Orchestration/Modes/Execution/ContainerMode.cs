using Testbed.Orchestration.Images;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// Runs a workload as Swarm services on its own internal overlay network, the job token delivered
/// as a Swarm secret, the workers' folder bind-mounted from their node, every object labelled with
/// the run id. The same on this host's one-node swarm and on a cluster's (<see cref="ISwarmTarget"/>).
/// With <paramref name="hostNetwork"/> (container-host) the same services join the host's network
/// instead: no overlay, no Swarm DNS; each worker listens on its node's address and a port of its
/// own, so only the network path differs from native. <paramref name="monitor"/> samples the workers (null: not sampled).
/// </summary>
public sealed class ContainerMode(ISwarmTarget swarm, string image, int userId, Monitoring.WorkerMonitor? monitor, bool hostNetwork = false,
    ForeignRuntimes? foreign = null) : IExecutionMode
{
    public Mode Mode => hostNetwork ? Mode.ContainerHost : Mode.Container;

    public async Task<IWorkloadRun> StartAsync(WorkloadLaunch launch, CancellationToken cancellation)
    {
        var labels = SwarmWorkloads.Labels(launch);
        var run = new ContainerWorkloadRun(swarm, launch, monitor, ownNetwork: !hostNetwork);
        try
        {
            var nodes = WorkerPlacement.PinnedNodes(launch.Workload, await swarm.LabelledNodesAsync(cancellation));
            var output = await swarm.Files.PrepareAsync(launch, nodes?.Distinct().ToList() ?? [], cancellation);
            run.FilesPrepared = true;
            if (!hostNetwork) run.NetworkId = await swarm.Manager.CreateWorkloadNetworkAsync(launch.ShortName, labels, cancellation);
            var secretName = $"{launch.ShortName}-token";
            run.SecretId = await swarm.Manager.CreateSecretAsync(secretName, launch.Token, labels, cancellation);
            var isForeign = launch.Workload.Trainer.IsForeign;
            run.PerWorkerServices = nodes is not null || hostNetwork || isForeign;
            var workload = isForeign
                ? SwarmWorkloads.OfForeign(launch, hostNetwork ? await swarm.HostNetworkInterfacesAsync(launch, cancellation) : null)
                : SwarmWorkloads.Of(launch);
            run.ServiceIds = await swarm.Manager.CreateWorkloadServicesAsync(
                new SwarmWorkloadRequest(workload, isForeign
                    ? (foreign ?? ForeignRuntimes.None).Of(launch.Workload.Trainer.RuntimeName, launch.Workload.Name).ServiceImage : image, run.NetworkId
                    ?? WorkloadServices.HostNetwork, run.SecretId, secretName, output, nodes, userId)
                {
                    HostNetworkPeers = hostNetwork ? swarm.HostNetworkPeers(launch) : null,
                }, cancellation);
            run.StartMirroring();
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }
}
