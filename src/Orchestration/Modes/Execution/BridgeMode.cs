using System.Globalization;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// container-bridge: a plain container per worker (no Swarm) on a user-defined bridge network of
/// the workload's own, peers found by container name through Docker's embedded DNS, the same image,
/// CPU quota, memory limit and user as a Swarm task. It separates what the overlay network and
/// Swarm's DNS cost from what a container's own network namespace costs. This host only: a bridge
/// does not span hosts.
/// </summary>
public sealed class BridgeMode(DockerEngine engine, string image, int userId, Monitoring.WorkerMonitor? monitor) : IExecutionMode
{
    public Mode Mode => Mode.ContainerBridge;

    public async Task<IWorkloadRun> StartAsync(WorkloadLaunch launch, CancellationToken cancellation)
    {
        var files = new LocalWorkerFiles(userId);
        var output = await files.PrepareAsync(launch, [], cancellation);
        var labels = SwarmWorkloads.Labels(launch);
        var run = new BridgeWorkloadRun(engine, launch, Secrets.Create(launch.Token, userId), monitor);
        try
        {
            run.NetworkId = await engine.CreateBridgeNetworkAsync(launch.ShortName, labels, cancellation);
            var names = Enumerable.Range(0, launch.Workload.Workers).Select(rank => $"{launch.ShortName}-{rank}").ToList();
            var peers = string.Join(',', names.Select(n => $"{n}:{TrainerArguments.ContainerPort}"));
            var binds = new List<string> { $"{output}:{WorkloadServices.OutputMount}", $"{run.Secrets.Directory}:/run/secrets:ro" };
            if (TrainerArguments.HostDataDirectory(launch.Workload) is { } data) binds.Add($"{data}:{WorkloadServices.DataMount}:ro");
            for (var rank = 0; rank < names.Count; rank++)
            {
                var arguments = TrainerArguments.Train(launch, TrainerArguments.DataDirectory(launch.Workload), WorkloadServices.OutputMount,
                    $"/run/secrets/{TrainerArguments.TokenFileName}",
                    TrainerArguments.StaticRing(peers, rank, TrainerArguments.ContainerPort));
                var id = await engine.StartWorkerContainerAsync(new WorkerContainerSpec(names[rank], image, arguments, launch.ShortName, binds,
                    launch.Workload.CpusPerWorker, launch.Workload.MemoryMbPerWorker, userId, labels), cancellation);
                run.Containers.Add(id);
                var pid = await engine.ContainerPidAsync(id, cancellation);
                run.Pids.Add(pid);
                if (pid is { } p && monitor?.Current is { } sampling) await sampling.WatchAsync(Environment.MachineName, p, ownNetwork: true, cancellation);
            }
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }
}
