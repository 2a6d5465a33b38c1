using System.Globalization;
using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// Workers on a cluster's nodes write to /var/lib/testbed/runs/&lt;run&gt;/&lt;repetition&gt;/&lt;workload&gt;/
/// on their node. The records are followed there by the node's sampler while they run (small: a
/// line an epoch); at the end every node's folder is downloaded into the run folder and removed from the node.
/// </summary>
public sealed class NodeWorkerFiles(ProvisionedCluster cluster, int userId) : IWorkerFiles
{
    private readonly Dictionary<string, IReadOnlyCollection<string>> _nodes = [];

    public static string PathOnNode(WorkloadLaunch launch) =>
        $"{NodeLayout.Root}/runs/{launch.RunId}/{launch.Repetition.RelativePath.Replace('\\', '/')}/{launch.Workload.Name}{(launch.IsTune ? "/" + RunLayout.TuneFolder : "")}";

    public async Task<string> PrepareAsync(WorkloadLaunch launch, IReadOnlyCollection<string> nodes, CancellationToken cancellation)
    {
        Directory.CreateDirectory(launch.OutputDirectory);
        var path = PathOnNode(launch);
        lock (_nodes) _nodes[launch.JobId] = nodes;
        var owner = userId.ToString(CultureInfo.InvariantCulture);
        await Task.WhenAll(nodes.Select(node => cluster.Node(node).Shell.RunAsync(
            $"mkdir -p {ShellQuote.Quote(path)} && chown {owner}:{owner} {ShellQuote.Quote(path)}", TimeSpan.FromSeconds(30), cancellation)));
        // A restart: the failed attempt's checkpoints were collected into the run folder and its node
        // folders removed; the tune phase: the training's final checkpoint. Only the chief reads
        // either, but a rank's node is the placement's business: every node of the workload gets them.
        var handOn = launch.ResumeCheckpoint is not null ? TrainerArguments.CheckpointsFolder : launch.InitCheckpoint is not null ? TrainerArguments.InitFolder : null;
        if (handOn is not null)
        {
            var checkpoints = $"{path}/{handOn}";
            await Task.WhenAll(nodes.Select(async node =>
            {
                var shell = cluster.Node(node).Shell;
                await shell.UploadAsync(Path.Combine(launch.OutputDirectory, handOn), checkpoints, cancellation);
                await shell.RunAsync($"chown -R {owner}:{owner} {ShellQuote.Quote(checkpoints)}", TimeSpan.FromSeconds(30), cancellation);
            }));
        }
        return path;
    }

    /// <summary>Each rank's records on the node it is placed on, in the workload's folder there.</summary>
    public IReadOnlyList<(int Rank, string Node, string Path)> RecordsOnNodes(WorkloadLaunch launch) =>
        Enumerable.Range(0, launch.Workload.Workers)
            .Select(rank => (rank, Planning.NodePlan.NodeOf(launch.Workload, rank), $"{PathOnNode(launch)}/{Records.WorkerRecordFile.FileName(rank)}")).ToList();

    public async Task CollectAsync(WorkloadLaunch launch)
    {
        var path = PathOnNode(launch);
        // Not cancellable: this runs after a failure or Ctrl+C too, and a run folder must hold what the workers wrote.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        foreach (var node in NodesOf(launch))
        {
            var shell = cluster.Node(node).Shell;
            try
            {
                var report = await shell.DownloadAsync(path, launch.OutputDirectory, timeout.Token, readAsUserId: userId);
                // Links, devices and set-id bits are workers' doing, not the pipeline's: kept out, and said.
                if (!report.Clean)
                    await File.AppendAllLinesAsync(Path.Combine(launch.OutputDirectory, $"collect-{node}.error.txt"), report.Lines($"{node}:{path}"), CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                await File.AppendAllTextAsync(Path.Combine(launch.OutputDirectory, $"collect-{node}.error.txt"), $"Could not fetch {path} from {node}: {e.Message}\n", CancellationToken.None);
            }
            // The workload's folder, then every folder of the run left empty (the run's own last).
            await shell.RunAsync($"rm -rf {ShellQuote.Quote(path)}; find {NodeLayout.Root}/runs -mindepth 1 -type d -empty -delete 2>/dev/null; true",
                TimeSpan.FromSeconds(30), CancellationToken.None, check: false);
        }
    }

    private IReadOnlyCollection<string> NodesOf(WorkloadLaunch launch)
    {
        lock (_nodes) return _nodes.TryGetValue(launch.JobId, out var nodes) ? nodes : [];
    }
}
