using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Monitoring;

/// <summary>One repetition's sampling: a sampler at every place, the workers registered with it.</summary>
public sealed class WorkerSampling : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Place, int Pid), WorkerCounters> _workers = new();
    private readonly List<(ISamplerPlace Place, IAsyncDisposable Sampler, string PidsFile)> _samplers = [];
    private readonly ConcurrentDictionary<string, (PlaceReading First, PlaceReading Last)> _places = new();
    private readonly Dictionary<string, PlaceReading> _lastCpu = [];
    private readonly StreamWriter? _csv;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly Action _onDispose;
    private readonly ConcurrentDictionary<int, FollowedFile> _followed = new();
    private int _nextFollow;

    private WorkerSampling(StreamWriter? csv, Action onDispose)
    {
        _csv = csv;
        _onDispose = onDispose;
    }

    internal static async Task<WorkerSampling> StartAsync(IReadOnlyList<ISamplerPlace> places, string? nodesCsv, Action onDispose,
        CancellationToken cancellation)
    {
        StreamWriter? csv = null;
        if (nodesCsv is not null)
        {
            csv = new StreamWriter(nodesCsv) { AutoFlush = true };
            await csv.WriteLineAsync(NodeMetricsCsv.Header);
        }
        var sampling = new WorkerSampling(csv, onDispose);
        try
        {
            var id = Guid.NewGuid().ToString("N")[..8];
            foreach (var place in places)
            {
                var pids = $"{place.WorkFolder.TrimEnd('/')}/testbed-sampler-{id}.pids";
                await place.RunAsync($"mkdir -p {ShellQuote.Quote(place.WorkFolder)} && : > {ShellQuote.Quote(pids)}", cancellation);
                var lines = new List<string>();
                var sampler = await place.StartAsync(SamplerProgram.Command(pids, place.LanAddress), line =>
                {
                    if (line != "end")
                    {
                        lines.Add(line);
                        return;
                    }
                    sampling.Round(place.Name, lines);
                    lines.Clear();
                }, cancellation);
                sampling._samplers.Add((place, sampler, pids));
            }
            return sampling;
        }
        catch
        {
            await sampling.DisposeAsync();
            throw;
        }
    }

    /// <summary>Samples process <paramref name="pid"/> (its cgroup, and its network namespace when it has its own) at <paramref name="place"/> from the next
    /// round on.</summary>
    public async Task WatchAsync(string place, int pid, bool ownNetwork, CancellationToken cancellation)
    {
        var (at, _, pids) = PlaceOf(place);
        await at.RunAsync($"echo '{pid.ToString(CultureInfo.InvariantCulture)} {(ownNetwork ? 1 : 0)}' >> {ShellQuote.Quote(pids)}", cancellation);
    }

    /// <summary>
    /// Copies each line completed in <paramref name="remoteFile"/> at <paramref name="place"/> into
    /// <paramref name="localFile"/> (started empty) from the next round on, until the returned handle
    /// is disposed: a worker's records, followed by the sampler that reads the node anyway instead of
    /// a command every few seconds.
    /// </summary>
    public async Task<IAsyncDisposable> FollowAsync(string place, string remoteFile, string localFile, CancellationToken cancellation)
    {
        var (at, _, pids) = PlaceOf(place);
        var id = Interlocked.Increment(ref _nextFollow);
        var followed = new FollowedFile(localFile);
        _followed[id] = followed;
        await at.RunAsync($"echo {ShellQuote.Quote($"f {id.ToString(CultureInfo.InvariantCulture)} {remoteFile}")} >> {ShellQuote.Quote(pids)}", cancellation);
        return followed;
    }

    /// <summary>The latest counters of a watched process; null until sampled or once it is gone.</summary>
    public WorkerCounters? Latest(string place, int pid) =>
        _workers.TryGetValue((PlaceOf(place).Place.Name, pid), out var value) ? value : null;

    /// <summary>The sampler's own CPU at each place so far, in % of one core (the observer's cost); null before two rounds.</summary>
    public IReadOnlyDictionary<string, double?> SamplerCpuPercent() => _places.ToDictionary(p => p.Key, p => Percent(p.Value.First, p.Value.Last));

    private static double? Percent(PlaceReading first, PlaceReading last) =>
        last.At > first.At && first.SamplerCpuSeconds is { } a && last.SamplerCpuSeconds is { } b ? (b - a) / (last.At - first.At) * 100 : null;

    /// <summary>One place for a single-place monitor (this host: whatever name a worker reports), else by name.</summary>
    private (ISamplerPlace Place, IAsyncDisposable Sampler, string PidsFile) PlaceOf(string place) =>
        _samplers.Count == 1 ? _samplers[0] : _samplers.FirstOrDefault(s => s.Place.Name == place) is { Place: not null } found ? found
            : throw new InvalidOperationException($"No sampler runs on '{place}'; the run samples {string.Join(", ", _samplers.Select(s => s.Place.Name))}.");

    private void Round(string place, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0 || SamplerLine.Place(lines[0]) is not { } reading) return;
        _places.AddOrUpdate(place, (reading, reading), (_, seen) => (seen.First, reading));
        var seen = new HashSet<int>();
        foreach (var line in lines.Skip(1))
        {
            if (SamplerLine.Record(line) is { } record)
            {
                if (_followed.TryGetValue(record.Id, out var file)) file.Append(record.Text);
                continue;
            }
            if (SamplerLine.Worker(line, reading.At) is not { } worker) continue;
            _workers[(place, worker.Pid)] = worker;
            seen.Add(worker.Pid);
        }
        foreach (var key in _workers.Keys.Where(k => k.Place == place && !seen.Contains(k.Pid)).ToList()) _workers.TryRemove(key, out _);
        if (_csv is not null) WriteTotals(place, reading);
    }

    private void WriteTotals(string place, PlaceReading reading)
    {
        double? cpu = null, sampler = null;
        lock (_lastCpu)
        {
            if (_lastCpu.TryGetValue(place, out var last) && reading.At > last.At)
            {
                if (reading.CpuNanoseconds is { } ns && last.CpuNanoseconds is { } before && ns >= before)
                    cpu = (ns - before) / 1e9 / (reading.At - last.At) * 100;
                sampler = Percent(last, reading);
            }
            _lastCpu[place] = reading;
        }
        var row = NodeMetricsCsv.Row(new NodeMetricSample(DateTimeOffset.UtcNow, _elapsed.Elapsed.TotalSeconds, place, cpu, reading.MemoryBytes,
            reading.RxBytes, reading.TxBytes)
        {
            SamplerCpuPercent = sampler,
            CpuPeriods = reading.Periods,
            CpuThrottledPeriods = reading.ThrottledPeriods,
            CpuThrottledSeconds = reading.ThrottledSeconds,
        });
        lock (_csv!) _csv.WriteLine(row);
    }

    public async ValueTask DisposeAsync()
    {
        _onDispose();
        foreach (var file in _followed.Values) await file.DisposeAsync();
        foreach (var (place, sampler, pids) in _samplers)
        {
            await sampler.DisposeAsync();
            try
            {
                await place.RunAsync($"rm -f {ShellQuote.Quote(pids)}", CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A lost node keeps a few bytes of pids file; the next sweep of its work folder takes it.
            }
        }
        if (_csv is not null) lock (_csv) _csv.Dispose();
    }

    /// <summary>A local copy being appended to; once disposed, nothing more is written to it (the final collection owns it then).</summary>
    private sealed class FollowedFile : IAsyncDisposable
    {
        private readonly StreamWriter _writer;
        private bool _closed;

        public FollowedFile(string path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            _writer = new StreamWriter(path, append: false) { AutoFlush = true };
        }

        public void Append(string line)
        {
            lock (_writer)
            {
                if (!_closed) _writer.WriteLine(line);
            }
        }

        public ValueTask DisposeAsync()
        {
            lock (_writer)
            {
                if (_closed) return ValueTask.CompletedTask;
                _closed = true;
                _writer.Dispose();
            }
            return ValueTask.CompletedTask;
        }
    }
}
