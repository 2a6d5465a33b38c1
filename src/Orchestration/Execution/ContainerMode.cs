using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Processes;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// Runs a workload as Swarm services on its own internal overlay network, the job token delivered
/// as a Swarm secret, the output folder bind-mounted, every object labelled with the run id.
/// </summary>
public sealed class ContainerMode(DockerEngine engine, string image, int userId) : IExecutionMode
{
    public Mode Mode => Mode.Container;

    public async Task<IWorkloadRun> StartAsync(WorkloadLaunch launch, CancellationToken cancellation)
    {
        var labels = WorkloadServices.Labels(launch);
        Directory.CreateDirectory(launch.OutputDirectory);
        // The trainer runs as the unprivileged user: it must be able to write its records there.
        await ProcessRunner.RunAsync("chown", [$"{userId}:{userId}", launch.OutputDirectory], TimeSpan.FromSeconds(10), cancellation);

        var run = new ContainerWorkloadRun(engine, launch);
        try
        {
            run.NetworkId = await engine.CreateWorkloadNetworkAsync(launch.ShortName, labels, cancellation);
            var secretName = $"{launch.ShortName}-token";
            run.SecretId = await engine.CreateSecretAsync(secretName, launch.Token, labels, cancellation);

            var nodes = WorkerPlacement.PinnedNodes(launch.Workload, await engine.LabelledNodesAsync(cancellation));
            run.PerWorkerServices = nodes is not null;
            run.ServiceIds = await engine.CreateWorkloadServicesAsync(
                new SwarmWorkloadRequest(launch, image, run.NetworkId, run.SecretId, secretName, launch.OutputDirectory, nodes, userId), cancellation);
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }
}
