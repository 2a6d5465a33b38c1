using System.Globalization;
using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Execution;

namespace Testbed.Orchestration.Cleanup;

/// <summary>What a sweep found and removed on one node, and what it could not.</summary>
public sealed record NodeSweepResult(string Node, int WorkerProcesses, int WatchLoops, int Cgroups, int Tokens, int Scratch, int RunFolders, int ProbeServers,
    IReadOnlyList<string> Problems)
{
    public int Total => WorkerProcesses + WatchLoops + Cgroups + Tokens + Scratch + RunFolders + ProbeServers;

    /// <summary>"node-2: swept 1 worker process, 1 cgroup, 1 token" or "node-2: nothing left from earlier runs".</summary>
    public override string ToString()
    {
        static string Count(int n, string one, string many) => $"{n.ToString(CultureInfo.InvariantCulture)} {(n == 1 ? one : many)}";
        var parts = new List<string>();
        if (WorkerProcesses > 0) parts.Add(Count(WorkerProcesses, "worker process", "worker processes"));
        if (WatchLoops > 0) parts.Add(Count(WatchLoops, "watch loop", "watch loops"));
        if (Cgroups > 0) parts.Add(Count(Cgroups, "cgroup", "cgroups"));
        if (Tokens > 0) parts.Add(Count(Tokens, "token", "tokens"));
        if (Scratch > 0) parts.Add(Count(Scratch, "scratch folder", "scratch folders"));
        if (RunFolders > 0) parts.Add(Count(RunFolders, "run folder (collected first)", "run folders (collected first)"));
        if (ProbeServers > 0) parts.Add(Count(ProbeServers, "probe server", "probe servers"));
        var swept = parts.Count == 0 ? "nothing left from earlier runs" : "swept " + string.Join(", ", parts);
        return $"{Node}: {swept}{(Problems.Count == 0 ? "" : "; " + string.Join("; ", Problems))}";
    }
}

/// <summary>
/// Before each run (and in Teardown --cluster), every node is swept of the pipeline's leftovers
/// from earlier runs, whatever ended them (a driver killed outright leaves workers training,
/// their cgroups, tokens, run folders, samplers and watch loops, probe servers): processes killed
/// first, so nothing changes while the run folders are collected into the results folder
/// (verified, then removed), then cgroups, tokens and scratch removed, then the engine's containers
/// of earlier runs. Said aloud, one line a node.
/// </summary>
public static class NodeSweep
{
    public static async Task<IReadOnlyList<NodeSweepResult>> SweepAsync(ProvisionedCluster cluster, string resultsDirectory, IReporter reporter,
        CancellationToken cancellation)
    {
        var results = await Task.WhenAll(cluster.Nodes.Select(n => SweepNodeAsync(n.Name, n.Shell, n.Engine, resultsDirectory, cancellation)));
        foreach (var result in results)
        {
            if (result.Problems.Count > 0) reporter.Warn(result.ToString());
            else if (result.Total > 0) reporter.Info(result.ToString());
            else reporter.Skip(result.ToString());
        }
        return results;
    }

    public static async Task<NodeSweepResult> SweepNodeAsync(string node, NodeShell shell, DockerEngine? engine, string resultsDirectory,
        CancellationToken cancellation)
    {
        var problems = new List<string>();
        var killed = Counts((await shell.RunAsync(NodeSweepScript.Kill(shell.Session), TimeSpan.FromSeconds(60), cancellation, idempotent: true)).Output);

        var runs = (await shell.RunAsync(NodeSweepScript.RunFolders(), TimeSpan.FromSeconds(30), cancellation, idempotent: true)).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var collected = 0;
        foreach (var run in runs)
        {
            var problem = await CollectRunAsync(node, shell, run, resultsDirectory);
            if (problem is null) collected++;
            else problems.Add(problem);
        }

        var removed = Counts((await shell.RunAsync(NodeSweepScript.Remove(), TimeSpan.FromSeconds(60), cancellation, idempotent: true)).Output);
        var probes = 0;
        if (engine is not null)
        {
            // Probe servers (iperf3, ping-pong) and, through the manager, services, networks and secrets of earlier runs.
            var left = await engine.RemoveLabelledAsync(Labels.Run, cancellation);
            probes = left.Containers + left.Services;
        }
        return new NodeSweepResult(node, killed.GetValueOrDefault("workers"), killed.GetValueOrDefault("loops"), removed.GetValueOrDefault("cgroups"),
            removed.GetValueOrDefault("tokens"), removed.GetValueOrDefault("scratch"), collected, probes, problems);
    }

    /// <summary>
    /// A run folder on the node goes into that run's folder under the results folder (made when it is
    /// not there), through a staging folder, so no file already there is overwritten: one that differs
    /// is kept beside the node's as &lt;name&gt;.before-recovery.
    /// </summary>
    private static async Task<string?> CollectRunAsync(string node, NodeShell shell, string run, string resultsDirectory)
    {
        if (run.Contains('/') || run is "." or "..") return $"{NodeLayout.Root}/runs/{run} is not a run folder's name; left there";
        var target = Path.Combine(resultsDirectory, run);
        var staging = Path.Combine(target, $".collect-{node}");
        var problem = await NodeWorkerFiles.CollectFromAsync(shell, $"{NodeLayout.Root}/runs/{run}", staging, remove: false);
        if (problem is not null) return $"{NodeLayout.Root}/runs/{run} {problem}";
        var files = RecoveredFiles.Merge(staging, target);
        await File.AppendAllTextAsync(Path.Combine(target, "recovered.txt"),
            FormattableString.Invariant($"{DateTimeOffset.UtcNow:u} {node}:{NodeLayout.Root}/runs/{run}: {files} file(s) ") +
                "collected by the sweep before a later run (or Teardown); they had stayed on the node.\n");
        var removal = await shell.RunAsync($"rm -rf {ShellQuote.Quote($"{NodeLayout.Root}/runs/{run}")}", TimeSpan.FromSeconds(60), CancellationToken.None,
            check: false, idempotent: true);
        return removal.ExitCode == 0 ? null : $"{NodeLayout.Root}/runs/{run} was collected into {target} but not removed: {removal.Tail(2)}";
    }

    private static Dictionary<string, int> Counts(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => l.Trim().Split(' '))
        .Where(p => p.Length == 2 && int.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        .ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture));
}
