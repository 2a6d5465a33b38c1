using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Monitoring;

/// <summary>
/// Samples a cluster's nodes during each repetition: every node's totals into nodes.csv, and the
/// processes native workers register (their CPU time and memory, for their probes). One
/// long-running sampler per node (<see cref="NodeSamplerScript"/>).
/// </summary>
public sealed class ClusterMonitor(ProvisionedCluster cluster)
{
    private volatile NodeSampling? _current;

    /// <summary>The sampling of the repetition now running, or null between repetitions.</summary>
    public NodeSampling? Current => _current;

    public async Task<NodeSampling> StartAsync(string csvPath, CancellationToken cancellation)
    {
        var sampling = await NodeSampling.StartAsync(cluster, csvPath, () => _current = null, cancellation);
        _current = sampling;
        return sampling;
    }
}

/// <summary>One repetition's sampling of every node.</summary>
public sealed class NodeSampling : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Node, int Pid), (double CpuSeconds, long? RssBytes, double At)> _processes = new();
    private readonly List<(ClusterNode Node, RemoteProcess Process, string PidsFile)> _samplers = [];
    private readonly StreamWriter _csv;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly Action _onDispose;
    private readonly Dictionary<string, (double Seconds, double CpuNs)> _lastCpu = [];

    private NodeSampling(StreamWriter csv, Action onDispose)
    {
        _csv = csv;
        _onDispose = onDispose;
    }

    internal static async Task<NodeSampling> StartAsync(ProvisionedCluster cluster, string csvPath, Action onDispose, CancellationToken cancellation)
    {
        var csv = new StreamWriter(csvPath) { AutoFlush = true };
        await csv.WriteLineAsync(NodeMetricsCsv.Header);
        var sampling = new NodeSampling(csv, onDispose);
        try
        {
            var id = Guid.NewGuid().ToString("N")[..8];
            foreach (var node in cluster.Nodes)
            {
                var pids = $"{NodeLayout.Root}/work/sampler-{id}.pids";
                var lines = new List<string>();
                var process = await node.Shell.StartAsync(NodeSamplerScript.Build(node.Address, pids), line =>
                {
                    if (line == "end")
                    {
                        sampling.Round(node.Name, lines);
                        lines.Clear();
                    }
                    else
                    {
                        lines.Add(line);
                    }
                }, cancellation);
                sampling._samplers.Add((node, process, pids));
            }
            return sampling;
        }
        catch
        {
            await sampling.DisposeAsync();
            throw;
        }
    }

    /// <summary>Samples the worker <paramref name="pid"/> in <paramref name="cgroup"/> on <paramref name="node"/> from the next round on.</summary>
    public async Task WatchAsync(string node, int pid, string cgroup, CancellationToken cancellation)
    {
        var sampler = _samplers.First(s => s.Node.Name == node);
        await sampler.Node.Shell.RunAsync($"echo {pid.ToString(CultureInfo.InvariantCulture)} {ShellQuote.Quote(cgroup)} >> {ShellQuote.Quote(sampler.PidsFile)}", TimeSpan.FromSeconds(30), cancellation);
    }

    /// <summary>The latest CPU time (seconds), resident memory and when (node clock, seconds) of a watched process; null until sampled or once gone.</summary>
    public (double CpuSeconds, long? RssBytes, double At)? Latest(string node, int pid) =>
        _processes.TryGetValue((node, pid), out var value) ? value : null;

    private void Round(string node, IReadOnlyList<string> lines)
    {
        static double? Number(string word) => double.TryParse(word, CultureInfo.InvariantCulture, out var v) ? v : null;
        var seen = new HashSet<int>();
        foreach (var line in lines)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words is ["node", var at, var cpu, var memory, var rx, var tx] && Number(at) is { } seconds)
            {
                double? percent = null;
                if (Number(cpu) is { } ns)
                {
                    if (_lastCpu.TryGetValue(node, out var last) && seconds > last.Seconds && ns >= last.CpuNs)
                        percent = (ns - last.CpuNs) / 1e9 / (seconds - last.Seconds) * 100;
                    _lastCpu[node] = (seconds, ns);
                }
                long? Long(string w) => Number(w) is { } v ? (long)v : null;
                var row = NodeMetricsCsv.Row(new NodeMetricSample(DateTimeOffset.UtcNow, _elapsed.Elapsed.TotalSeconds, node, percent, Long(memory), Long(rx), Long(tx)));
                lock (_csv) _csv.WriteLine(row);
                foreach (var pidLine in lines.Where(l => l.StartsWith("pid ", StringComparison.Ordinal)))
                {
                    var p = pidLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (p.Length >= 3 && int.TryParse(p[1], CultureInfo.InvariantCulture, out var pid) && Number(p[2]) is { } cpuNs)
                    {
                        long? anonymous = p.Length >= 4 && Number(p[3]) is { } kb ? (long)kb * 1024 : null;
                        _processes[(node, pid)] = (cpuNs / 1e9, anonymous, seconds);
                        seen.Add(pid);
                    }
                }
            }
        }
        foreach (var key in _processes.Keys.Where(k => k.Node == node && !seen.Contains(k.Pid)).ToList()) _processes.TryRemove(key, out _);
    }

    public async ValueTask DisposeAsync()
    {
        _onDispose();
        foreach (var (node, process, pids) in _samplers)
        {
            await process.StopAsync(TimeSpan.FromSeconds(1));
            await process.DisposeAsync();
            try
            {
                await node.Shell.RunAsync($"rm -f {ShellQuote.Quote(pids)}", TimeSpan.FromSeconds(30), CancellationToken.None, check: false, idempotent: true);
            }
            catch (Exception e) when (e is NodeUnreachableException or Processes.ProcessFailedException)
            {
                // A node that stopped answering keeps its sampler's list of pids; the next run's sweep removes it.
            }
        }
        lock (_csv) _csv.Dispose();
    }
}
