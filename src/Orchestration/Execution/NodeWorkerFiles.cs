using System.Globalization;
using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// Workers on a cluster's nodes write to /var/lib/testbed/runs/&lt;run&gt;/&lt;repetition&gt;/&lt;workload&gt;/
/// on their node. The records are mirrored by reading them over SSH (small: a line an epoch);
/// at the end every node's folder is downloaded into the run folder, verified file by file, and
/// only then removed from the node: a copy cut short leaves the node's folder where it is.
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
            $"mkdir -p {ShellQuote.Quote(path)} && chown {owner}:{owner} {ShellQuote.Quote(path)}", TimeSpan.FromSeconds(30), cancellation, idempotent: true)));
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
                await shell.RunAsync($"chown -R {owner}:{owner} {ShellQuote.Quote(checkpoints)}", TimeSpan.FromSeconds(30), cancellation, idempotent: true);
            }));
        }
        return path;
    }

    public async Task MirrorAsync(WorkloadLaunch launch, CancellationToken cancellation)
    {
        var path = PathOnNode(launch);
        foreach (var node in NodesOf(launch))
        {
            // One line per file and record: "<file>\t<json>"; awk keeps it to one round trip per node.
            var result = await cluster.Node(node).Shell.RunAsync(
                $"cd {ShellQuote.Quote(path)} 2>/dev/null && for f in worker-*.jsonl; do [ -f \"$f\" ] && awk -v f=\"$f\" '{{print f \"\\t\" $0}}' \"$f\"; done; true",
                TimeSpan.FromSeconds(20), cancellation, check: false, idempotent: true);
            foreach (var group in result.Output.Split('\n').Where(l => l.Contains('\t')).GroupBy(l => l[..l.IndexOf('\t')]))
            {
                var name = Path.GetFileName(group.Key);
                if (!name.StartsWith("worker-", StringComparison.Ordinal) || !name.EndsWith(".jsonl", StringComparison.Ordinal)) continue;
                await File.WriteAllLinesAsync(Path.Combine(launch.OutputDirectory, name), group.Select(l => l[(l.IndexOf('\t') + 1)..]), cancellation);
            }
        }
    }

    public async Task<IReadOnlyList<string>> CollectAsync(WorkloadLaunch launch, IReadOnlyCollection<string>? keepOn = null, IReadOnlyDictionary<string, string>? unreachable = null)
    {
        var path = PathOnNode(launch);
        var left = new List<string>();
        // Not cancellable: this runs after a failure or Ctrl+C too, and a run folder must hold what the workers wrote.
        foreach (var node in NodesOf(launch))
        {
            var problem = unreachable?.GetValueOrDefault(node) is { } why
                ? $"was not collected and stays there ({why}); the next run's sweep, or Teardown --cluster, collects it"
                : keepOn?.Contains(node) == true
                    ? await CollectFromAsync(cluster.Node(node).Shell, path, launch.OutputDirectory, remove: false) ?? "was collected but stays there: a process there could not be confirmed stopped and may still write"
                    : await CollectFromAsync(cluster.Node(node).Shell, path, launch.OutputDirectory, remove: true);
            if (problem is null) continue;
            left.Add($"{node}:{path} {problem}");
            await File.AppendAllTextAsync(Path.Combine(launch.OutputDirectory, $"collect-{node}.error.txt"), $"{node}:{path} {problem}\n", CancellationToken.None);
        }
        return left;
    }

    /// <summary>
    /// Copies a node's folder into <paramref name="localDirectory"/> and, once the copy is verified
    /// (every file's size and SHA-256), removes it there (when <paramref name="remove"/>) with the
    /// run's folders it leaves empty. Null when done (or when there was nothing); else what went
    /// wrong, the folder staying where it is. Never throws.
    /// </summary>
    public static async Task<string?> CollectFromAsync(NodeShell shell, string path, string localDirectory, bool remove)
    {
        try
        {
            var present = await shell.RunAsync($"test -d {ShellQuote.Quote(path)}", TimeSpan.FromSeconds(20), CancellationToken.None, check: false, idempotent: true);
            if (present.ExitCode != 0) return null;
            await shell.DownloadAsync(path, localDirectory);
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
