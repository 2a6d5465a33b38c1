using System.Globalization;
using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// Workers on a cluster's nodes write to /var/lib/testbed/runs/&lt;run&gt;/&lt;repetition&gt;/&lt;workload&gt;/
/// on their node. The records are followed there by the node's sampler while they run (small: a
/// line an epoch); at the end every node's folder is downloaded into the run folder, verified file
/// by file, and only then removed from the node: a copy cut short leaves the node's folder where it is.
/// </summary>
public sealed class NodeWorkerFiles(ProvisionedCluster cluster, int userId) : IWorkerFiles
{
    private readonly Dictionary<string, IReadOnlyCollection<string>> _nodes = [];

    public static string PathOnNode(WorkloadLaunch launch) =>
        $"{NodeLayout.Root}/runs/{launch.RunId}/{launch.Repetition.RelativePath.Replace('\\', '/')}/{launch.Workload.Name}" +
        (launch.IsTune ? "/" + RunLayout.TuneFolder : "");

    public async Task<string> PrepareAsync(WorkloadLaunch launch, IReadOnlyCollection<string> nodes, CancellationToken cancellation)
    {
        Directory.CreateDirectory(launch.OutputDirectory);
        var path = PathOnNode(launch);
        lock (_nodes) _nodes[launch.JobId] = nodes;
        var owner = userId.ToString(CultureInfo.InvariantCulture);
        await Task.WhenAll(nodes.Select(node => cluster.Node(node).Shell.RunAsync(
            $"mkdir -p {ShellQuote.Quote(path)} && chown {owner}:{owner} {ShellQuote.Quote(path)}", TimeSpan.FromSeconds(30), cancellation, idempotent: true)));
        // A restart: the failed attempt's checkpoints were collected into the run folder and its node
        // folders removed; the tune phase: the training's final checkpoint. Only the chief reads
        // either, but a rank's node is the placement's business: every node of the workload gets them.
        var handOn = launch.ResumeCheckpoint is not null ? TrainerArguments.CheckpointsFolder : launch.InitCheckpoint is not null ? TrainerArguments.InitFolder
            : null;
        if (handOn is not null)
        {
            var checkpoints = $"{path}/{handOn}";
            await Task.WhenAll(nodes.Select(async node =>
            {
                var shell = cluster.Node(node).Shell;
                await shell.UploadAsync(Path.Combine(launch.OutputDirectory, handOn), checkpoints, cancellation);
                await shell.RunAsync($"chown -R {owner}:{owner} {ShellQuote.Quote(checkpoints)}", TimeSpan.FromSeconds(30), cancellation, idempotent: true);
            }));
        }
        return path;
    }

    /// <summary>Each rank's records on the node it is placed on, in the workload's folder there.</summary>
    public IReadOnlyList<(int Rank, string Node, string Path)> RecordsOnNodes(WorkloadLaunch launch) =>
        Enumerable.Range(0, launch.Workload.Workers)
            .Select(rank =>
                (rank, Planning.NodePlan.NodeOf(launch.Workload, rank), $"{PathOnNode(launch)}/{Records.WorkerRecordFile.FileName(rank)}")).ToList();

    public async Task<IReadOnlyList<string>> CollectAsync(WorkloadLaunch launch, IReadOnlyCollection<string>? keepOn = null, IReadOnlyDictionary<string,
        string>? unreachable = null)
    {
        var path = PathOnNode(launch);
        var left = new List<string>();
        // Not cancellable: this runs after a failure or Ctrl+C too, and a run folder must hold what the workers wrote.
        foreach (var node in NodesOf(launch))
        {
            var problem = unreachable?.GetValueOrDefault(node) is { } why
                ? $"was not collected and stays there ({why}); the next run's sweep, or Teardown --cluster, collects it"
                : keepOn?.Contains(node) == true
                    ? await CollectFromAsync(cluster.Node(node).Shell, path, launch.OutputDirectory, remove: false, userId)
                        ?? "was collected but stays there: a process there could not be confirmed stopped and may still write"
                    : await CollectFromAsync(cluster.Node(node).Shell, path, launch.OutputDirectory, remove: true, userId);
            if (problem is null) continue;
            left.Add($"{node}:{path} {problem}");
            await File.AppendAllTextAsync(Path.Combine(launch.OutputDirectory, $"collect-{node}.error.txt"), $"{node}:{path} {problem}\n",
                CancellationToken.None);
        }
        return left;
    }

    /// <summary>
    /// Copies a node's folder into <paramref name="localDirectory"/> and, once the copy is verified
    /// (every file's size and SHA-256), removes it there (when <paramref name="remove"/>) with the
    /// run's folders it leaves empty. Null when done (or when there was nothing); else what went
    /// wrong, the folder staying where it is. Never throws. Entries refused or changed on the way
    /// (links, devices, set-id bits: workers' doing, not the pipeline's) are kept out and said in
    /// collect-&lt;node&gt;.error.txt there; <paramref name="readAsUserId"/> reads them there as the workers' user.
    /// </summary>
    public static async Task<string?> CollectFromAsync(NodeShell shell, string path, string localDirectory, bool remove, int? readAsUserId = null)
    {
        try
        {
            var present = await shell.RunAsync($"test -d {ShellQuote.Quote(path)}", TimeSpan.FromSeconds(20), CancellationToken.None, check: false,
                idempotent: true);
            if (present.ExitCode != 0) return null;
            var report = await shell.DownloadAsync(path, localDirectory, readAsUserId: readAsUserId);
            if (!report.Clean)
            {
                await File.AppendAllLinesAsync(Path.Combine(localDirectory, $"collect-{shell.Target.Node}.error.txt"),
                    report.Lines($"{shell.Target.Node}:{path}"), CancellationToken.None);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"was not collected and stays there ({e.Message.Split('\n')[0]}); the next run's sweep, or Teardown --cluster, collects it";
        }
        if (!remove) return null;
        try
        {
            // The workload's folder, then every folder of the runs left empty.
            await shell.RunAsync($"rm -rf {ShellQuote.Quote(path)}; find {NodeLayout.Root}/runs -mindepth 1 -type d -empty -delete 2>/dev/null; true",
                TimeSpan.FromSeconds(30), CancellationToken.None, check: false, idempotent: true);
            return null;
        }
        catch (Exception e) when (e is NodeUnreachableException or Processes.ProcessFailedException or ObjectDisposedException)
        {
            return $"was collected (verified) but not removed ({e.Message.Split('\n')[0]})";
        }
    }

    private IReadOnlyCollection<string> NodesOf(WorkloadLaunch launch)
    {
        lock (_nodes) return _nodes.TryGetValue(launch.JobId, out var nodes) ? nodes : [];
    }
}
