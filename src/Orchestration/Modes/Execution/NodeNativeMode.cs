using System.Globalization;
using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// Runs a workload's workers natively on a cluster's nodes: each a process on its node (the
/// node's copy of the runtime rootfs and trainer, through <see cref="NodeWorkerScript"/>),
/// listening on the node's own address; peers are the nodes' addresses. No worker runs on this host.
/// </summary>
public sealed class NodeNativeMode(ProvisionedCluster cluster, int userId, Monitoring.WorkerMonitor monitor) : IExecutionMode
{
    private readonly NodeWorkerFiles _files = new(cluster, userId);

    public Mode Mode => Mode.Native;

    public async Task<IWorkloadRun> StartAsync(WorkloadLaunch launch, CancellationToken cancellation)
    {
        var workload = launch.Workload;
        var placement = Enumerable.Range(0, workload.Workers).Select(rank => cluster.Node(NodePlan.NodeOf(workload, rank))).ToList();
        var ports = Enumerable.Range(0, workload.Workers)
            .Select(rank => NodePlan.Port(launch.Repetition.Experiment, workload, rank, cluster.Definition.TrainerPorts)).ToList();
        var peers = string.Join(',',
            NodePlan.NativePeers(launch.Repetition.Experiment, workload, name => cluster.Node(name).Address, cluster.Definition.TrainerPorts));

        var run = new NodeNativeWorkloadRun(launch, _files, monitor);
        try
        {
            var nodes = placement.Select(n => n.Name).Distinct().ToList();
            var output = await _files.PrepareAsync(launch, nodes, cancellation);
            run.FilesPrepared = true;
            var secrets = $"{NodeLayout.Root}/secrets/{launch.ShortName}";
            await Task.WhenAll(placement.Distinct().Select(node => WriteTokenAsync(node, secrets, launch.Token, run, cancellation)));

            var foreign = workload.Trainer.IsForeign ? await ForeignScriptsAsync(launch, placement, ports, cancellation) : null;
            for (var rank = 0; rank < workload.Workers; rank++)
            {
                var node = placement[rank];
                var cgroup = NodeWorkerScript.CgroupName(launch, rank);
                var paths = new NodeWorkerPaths(node.RootfsDirectory, node.TrainerDirectory, output, secrets, $"{NodeLayout.Root}/work/{cgroup}");
                var arguments = TrainerArguments.Train(launch, TrainerArguments.DataDirectory(workload), "/results",
                    $"/run/secrets/{TrainerArguments.TokenFileName}",
                    TrainerArguments.StaticRing(peers, rank, ports[rank]));
                var script = foreign is null ? NodeWorkerScript.Build(cgroup, workload.CpusPerWorker, paths, userId, arguments) : foreign(rank, cgroup, paths);
                var log = new StreamWriter(RunLayout.WorkerLog(launch.OutputDirectory, rank), append: false) { AutoFlush = true };
                var worker = new NodeWorker(rank, node, cgroup, paths.Scratch, log);
                run.Workers.Add(worker);
                worker.Process = await node.Shell.StartAsync(script, worker.Write, cancellation);
                if (monitor.Current is { } sampling) await sampling.WatchAsync(node.Name, worker.Process.ProcessGroup, ownNetwork: false, cancellation);
            }
            run.StartMirroring();
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A foreign trainer's worker scripts: its runtime's rootfs and trainers/ on the node, torchrun's
    /// environment with rank 0 at its node's address and port, gloo on the interface holding each
    /// node's address (the path native workers use), LOCAL_RANK among the ranks on the same node.
    /// </summary>
    private async Task<Func<int, string, NodeWorkerPaths,
        string>> ForeignScriptsAsync(WorkloadLaunch launch, IReadOnlyList<ClusterNode> placement, IReadOnlyList<int> ports, CancellationToken cancellation)
    {
        var workload = launch.Workload;
        var interfaces = new Dictionary<string, string>();
        foreach (var node in placement.DistinctBy(n => n.Name)) interfaces[node.Name] = await NodeInterfaces.OfAddressAsync(node, cancellation);
        var command = ForeignLaunch.Command(launch, "/results");
        var hosts = placement.Select(n => n.Name).ToList();
        return (rank, cgroup, paths) =>
        {
            var node = placement[rank];
            if (!node.Runtimes.TryGetValue(workload.Trainer.RuntimeName, out var runtime))
            {
                throw new InvalidOperationException($"{node.Name} has no {workload.Trainer.RuntimeName} runtime: " +
                    $"the cluster was provisioned without it (ProvisionCluster with the experiments that need it).");
            }
            var (localRank, localWorld) = ForeignLaunch.LocalRankOf(hosts, rank);
            var environment = ForeignLaunch.Environment(launch, rank, (placement[0].Address, ports[0]), localRank, localWorld, interfaces[node.Name]);
            return NodeWorkerScript.Build(cgroup, workload.CpusPerWorker, paths with { Rootfs = runtime.Rootfs, Trainer = runtime.Trainers },
                Experiments.Runtimes.TrainersDirectory, userId, command, environment);
        };
    }

    /// <summary>The token as a file only the worker's user can read, copied as a tar stream (never on a command line).</summary>
    private async Task WriteTokenAsync(ClusterNode node, string secrets, string token, NodeNativeWorkloadRun run, CancellationToken cancellation)
    {
        var local = Directory.CreateTempSubdirectory("testbed-token-").FullName;
        try
        {
            var file = Path.Combine(local, TrainerArguments.TokenFileName);
            await File.WriteAllTextAsync(file, token, cancellation);
            File.SetUnixFileMode(file, UnixFileMode.UserRead);
            var owner = userId.ToString(CultureInfo.InvariantCulture);
            await Processes.ProcessRunner.RunAsync("chown", [$"{owner}:{owner}", file], TimeSpan.FromSeconds(10), cancellation);
            lock (run.SecretsOn) run.SecretsOn.Add((node, secrets));
            await node.Shell.UploadAsync(local, secrets, cancellation);
            // Traversable, not listable, by the worker's user: it reaches its token and nothing else.
            await node.Shell.RunAsync($"chmod 0711 {ShellQuote.Quote(secrets)}", TimeSpan.FromSeconds(30), cancellation, idempotent: true);
        }
        finally
        {
            Directory.Delete(local, recursive: true);
        }
    }
}
