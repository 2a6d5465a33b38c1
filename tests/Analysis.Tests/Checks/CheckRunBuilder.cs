using System.Text.Json;
using Testbed.Analysis.Checks;
using Testbed.Analysis.Results;
using Testbed.Analysis.Run;
using Testbed.Records;

namespace Testbed.Analysis.Tests.Checks;

/// <summary>
/// Writes a run folder that every check can read, through the contract's own types: scenario "s",
/// workload "w1" of three ranks on node-1..node-3 of a virtual cluster, 5 rounds of native and
/// container, 4 epochs of 40 steps, metrics.csv (throttling and page-fault counters included) and
/// nodes.csv every second, and both modes' network paths in the manifest. By default it is clean:
/// no check fires. Each test changes the one thing its check looks for.
/// </summary>
internal sealed record CheckRunBuilder
{
    public const int Ranks = 3, Epochs = 4, Steps = 40;

    /// <summary>Round-to-round noise of the training time: no trend, no outlier (within 3 scaled MADs).</summary>
    private static readonly double[] RoundNoise = [0, 0.004, -0.003, 0.002, -0.005];

    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    public int Rounds { get; init; } = 5;

    /// <summary>A rank's compute ms/step in an epoch (mode, repetition, rank, epoch); the ring steps at the slowest rank's.</summary>
    public Func<Mode, int, int, int, double> ComputeMs { get; init; } = (_, k, rank, _) => 50 * (1 + 0.004 * ((k + rank) % 3 - 1));

    /// <summary>A whole step's factor in an epoch (mode, repetition, epoch): slow epochs, trends, outliers.</summary>
    public Func<Mode, int, int, double> StepFactor { get; init; } = (_, k, _) => 1 + RoundNoise[k % RoundNoise.Length];

    public Func<Mode, int, int, double> PageFaultsPerSecond { get; init; } = (_, _, _) => 40;

    /// <summary>Share of CFS periods throttled and throttled seconds per wall second (mode, repetition, rank).</summary>
    public Func<Mode, int, int, (double Periods, double Time)> Throttling { get; init; } = (_, _, _) => (0.2, 0.05);

    /// <summary>A node's CPU besides its workers, % of one core (mode, node).</summary>
    public Func<Mode, string, double> NodeExtraCpuPercent { get; init; } = (_, _) => 1.5;

    public double SamplerCpuPercent { get; init; } = 0.5;

    /// <summary>The sampler's own CPU on a node (mode, node), % of one core, as nodes.csv gives it.</summary>
    public Func<Mode, string, double> NodeSamplerCpuPercent { get; init; } = (_, _) => 0.1;

    /// <summary>The run's measured observer's cost (manifest.json observer); null: not measured.</summary>
    public ObserverCostEntry? Observer { get; init; }

    public double WireGbitsPerSecond { get; init; } = 8;

    /// <summary>Whether metrics.csv has the throttling and page-fault columns (folders from before them do not).</summary>
    public bool Counters { get; init; } = true;

    /// <summary>Whether the run had nodes.csv (a cluster run) and the network paths in its manifest.</summary>
    public bool Cluster { get; init; } = true;

    /// <summary>Edits a repetition's metrics rows before they are written (bad reads, samples ms apart).</summary>
    public Func<Mode, int, IReadOnlyList<MetricSample>, IReadOnlyList<MetricSample>> EditMetrics { get; init; } = (_, _, rows) => rows;

    /// <summary>
    /// The driver's pulse for a repetition (driver.csv); null writes none, as folders from before it. By default a calm
    /// one: 15 s, the driver at 2 % of one core, the machine 5 % above the nodes' 184.5 % (3 x (60 % workers + 1.5 % besides)).
    /// </summary>
    public Func<Mode, int, IReadOnlyList<DriverSample>?> Driver { get; init; } = (_, _) => CalmPulse;

    /// <summary>The driving machine's processes through a repetition (host-processes.csv); null, the default, writes none, as folders from before it.</summary>
    public Func<Mode, int, IReadOnlyList<HostProcessSample>?> HostProcesses { get; init; } = (_, _) => null;

    private static readonly IReadOnlyList<DriverSample> CalmPulse = Enumerable.Range(0, 61).Select(i => new DriverSample(i * 0.25, 0.5, 0.2)
    {
        DriverCpuSeconds = i * 0.25 * 0.02,
        MachineBusySeconds = i * 0.25 * 1.895,
    }).ToList();

    private const long PayloadPerEpoch = 100_000_000;

    /// <summary>The trainer the experiment names for w1 (its displayName); null: none named, ours (a folder from before foreign trainers).</summary>
    public string? TrainerName { get; init; }

    /// <summary>false: w1's trainer writes no records (progress "none"); status.json's launch and end stand in.</summary>
    public bool WritesRecords { get; init; } = true;

    /// <summary>The run's scenarios, each measured every round (a sweep's points); one, "s", unless a test says otherwise.</summary>
    public IReadOnlyList<string> Scenarios { get; init; } = ["s"];

    /// <summary>A scenario's definition as the manifest records it (e.g. a sweep's point); null: the default one.</summary>
    public Func<string, object?> Definition { get; init; } = _ => null;

    public RunFolder Load(string results) => RunFolder.Load(Write(results));

    public CheckResults Checks(string results)
    {
        var folder = Load(results);
        return RunSummary.Of(folder).Checks;
    }

    public string Write(string results)
    {
        var folder = Path.Combine(results, "20261201T100000Z-checks0");
        var entries = new List<RepetitionEntry>();
        for (var k = 0; k < Rounds; k++)
        {
            var order = k % 2 == 0 ? new[] { Mode.Native, Mode.Container } : [Mode.Container, Mode.Native];
            foreach (var scenario in Scenarios)
            {
                foreach (var mode in order)
                {
                    var path = RunLayout.RepetitionPath(scenario, mode, k);
                    var seconds = WriteRepetition(Path.Combine(folder, path), scenario, mode, k, Start.AddSeconds(100 * entries.Count));
                    entries.Add(new RepetitionEntry(scenario, mode, k, false, RepetitionOutcome.Succeeded, path, seconds) { Round = k });
                }
            }
        }
        Manifest(entries).Write(folder);
        return folder;
    }

    private RunManifest Manifest(IReadOnlyList<RepetitionEntry> repetitions) => new()
    {
        RunId = "20261201T100000Z-checks0",
        Complete = true,
        StartedUtc = Start,
        Git = new GitFacts("c0ffee0000000000000000000000000000000000", false),
        Parameters = new RunParameters([.. Scenarios], Rounds, 0, 1, [Mode.Native, Mode.Container], CpuPolicy.Scale),
        Experiments = Scenarios.Select(scenario => new ExperimentEntry(scenario, "experiments/s.json", "sha", Definition(scenario) is { } definition
            ? JsonSerializer.SerializeToElement(definition)
            : TrainerName is null
            ? JsonSerializer.SerializeToElement(new { epochs = Epochs })
            : JsonSerializer.SerializeToElement(new { epochs = Epochs,
                workloads = new[] { new { name = "w1",
                trainer = new { kind = "command", displayName = TrainerName, progress = WritesRecords ? "records" : "none" } } } }))).ToList(),
        Host = new HostDescription("AMD EPYC", 2, 8L << 30, "6.1", "Debian GNU/Linux 12", "26.1.5", "host"),
        Rootfs = new RootfsEntry("recipe", "packages"),
        Image = new ImageEntry("sha256:image", "testbed/trainer:c"),
        TrainerVersion = "0.1.0",
        Seeds = [42],
        Sampler = new SamplerEntry(1000, SamplerCpuPercent),
        Observer = Observer,
        NativeAllotment = "cgroup-cfs-quota",
        Placement = "one worker per node",
        Cluster = new ClusterEntry(Cluster ? "virtual-3" : "local", Cluster ? "virtual" : "local", null, null,
            Nodes.Select(n => new NodeEntry(n, "172.31.250.1", 0.66, 4096, "26.1.5")).ToList())
        {
            Wire = Cluster
                ? [new WirePathEntry("host", ["native"], "node-1", "node-3", WireGbitsPerSecond, 40, 50, null),
                   new WirePathEntry("overlay", ["container"], "node-1", "node-3", WireGbitsPerSecond, 60, 80, null)]
                : [],
        },
        Repetitions = repetitions,
    };

    private static readonly string[] Nodes = ["node-1", "node-2", "node-3"];

    /// <summary>Writes one repetition; returns its training time (s).</summary>
    private double WriteRepetition(string directory, string scenario, Mode mode, int k, DateTimeOffset at)
    {
        const double startup = 1;
        // Every rank steps at the slowest rank's pace: its compute plus the all-reduce, waiting included.
        var stepMs = Enumerable.Range(1, Epochs).Select(e =>
            (Enumerable.Range(0, Ranks).Max(rank => ComputeMs(mode, k, rank, e)) + (mode == Mode.Native ? 30 : 33) + 2) * StepFactor(mode, k, e)).ToList();
        var ends = stepMs.Select((ms, i) => startup + stepMs.Take(i + 1).Sum() * Steps / 1000).ToList();
        var training = ends[^1] - startup;
        var workers = new List<WorkerStatus>();
        var metrics = new List<MetricSample>();
        for (var rank = 0; rank < Ranks; rank++)
        {
            var lines = new List<string>();
            for (var e = 1; e <= Epochs; e++)
            {
                var compute = ComputeMs(mode, k, rank, e) * StepFactor(mode, k, e);
                lines.Add(RecordJson.Line(new EpochRecord(e, Epochs, Steps, stepMs[e - 1] * Steps / 1000, stepMs[e - 1], compute, stepMs[e - 1] - compute - 2,
                    2,
                    PayloadPerEpoch, PayloadPerEpoch, 2.0 / e, 0.2 * e, rank, Ranks, $"w1-{rank}", 1, at.AddSeconds(ends[e - 1]))));
            }
            lines.Add(RecordJson.Line(new FinalRecord(Epochs, training, 1, rank == 0 ? 1.0 : null, rank == 0 ? 0.7 : null, "sha256:w", rank, Ranks,
                $"w1-{rank}", 1,
                at.AddSeconds(ends[^1] + 0.5))));
            Directory.CreateDirectory(Path.Combine(directory, "w1"));
            if (WritesRecords) File.WriteAllLines(RunLayout.WorkerRecords(Path.Combine(directory, "w1"), rank), lines);
            workers.Add(new WorkerStatus(rank, Nodes[rank], 0, 1, "sha256:w", []));
            metrics.AddRange(WorkerSamples(mode, k, rank, at, ends));
        }
        WriteMetrics(directory, EditMetrics(mode, k, metrics));
        if (Cluster)
            WriteNodes(directory, mode, metrics);
        if (Driver(mode, k) is { } pulse)
        {
            File.WriteAllLines(Path.Combine(directory, RunLayout.DriverFile),
                pulse.Select(d => DriverCsv.Row(d.ElapsedSeconds, d.WakeLateMs, d.PoolWaitMs, 4, 0, d.DriverCpuSeconds, d.MachineBusySeconds,
                    d.MachineInterruptSeconds, d.MachineStealSeconds))
                    .Prepend(DriverCsv.Header));
        }
        if (HostProcesses(mode, k) is { } processes)
        {
            File.WriteAllLines(Path.Combine(directory, RunLayout.HostProcessesFile),
                processes.Select(HostProcessesCsv.Row).Prepend(HostProcessesCsv.Header));
        }
        new RepetitionStatus
        {
            Scenario = scenario, Mode = mode, Repetition = k, Warmup = false, Status = RepetitionOutcome.Succeeded,
            StartedUtc = at, EndedUtc = at.AddSeconds(ends[^1] + 1), DurationSeconds = ends[^1] + 1,
            Workloads = [new WorkloadStatus("w1", workers) { LaunchedUtc = at, EndedUtc = at.AddSeconds(ends[^1] + 0.5) }],
        }.Write(directory);
        return training;
    }

    /// <summary>One sample a second until the worker's last epoch ended: payload counters jump at each epoch's end, as the trainer's do.</summary>
    private IEnumerable<MetricSample> WorkerSamples(Mode mode, int k, int rank, DateTimeOffset at, IReadOnlyList<double> ends)
    {
        var (periods, time) = Throttling(mode, k, rank);
        var faults = PageFaultsPerSecond(mode, k, rank);
        for (var s = 0; s <= Math.Ceiling(ends[^1]); s++)
        {
            var payload = PayloadPerEpoch * ends.Count(end => end <= s);
            // Start-up faults the heap in (epoch 1), as every trainer does; the steady rate is the one that matters.
            var faulted = (long)(Math.Min(s, ends[0]) * 30_000 + Math.Max(0, s - ends[0]) * faults);
            yield return new MetricSample(at.AddSeconds(s), s, "w1", rank, Nodes[rank], s == 0 ? null : 60, 400_000_000, payload, payload)
            {
                CpuPeriods = Counters ? s * 10 : null,
                CpuThrottledPeriods = Counters ? (long)(s * 10 * periods) : null,
                CpuThrottledSeconds = Counters ? s * time : null,
                PageFaults = Counters ? faulted : null,
            };
        }
    }

    private void WriteMetrics(string directory, IReadOnlyList<MetricSample> rows)
    {
        var path = Path.Combine(directory, RunLayout.MetricsFile);
        var lines = rows.OrderBy(r => r.ElapsedSeconds).ThenBy(r => r.Rank).Select(MetricsCsv.Row).Prepend(MetricsCsv.Header);
        if (!Counters)
        {
            // The header and rows of a folder written before the counters existed.
            lines = lines.Select(l => string.Join(',', l.Split(',').Take(MetricsCsv.Columns.Count - 4)));
        }
        File.WriteAllLines(path, lines);
    }

    /// <summary>Each node: its worker's CPU plus what else runs on it; LAN bytes at the payload's steady rate.</summary>
    private void WriteNodes(string directory, Mode mode, IReadOnlyList<MetricSample> metrics)
    {
        var rows = metrics.GroupBy(m => (m.Node, m.ElapsedSeconds)).Select(g =>
        {
            var lan = (long)(g.Key.ElapsedSeconds * 40_000_000);
            var cpu = g.All(m => m.CpuPercent is not null) ? g.Sum(m => m.CpuPercent) + NodeExtraCpuPercent(mode, g.Key.Node) : null;
            return NodeMetricsCsv.Row(new NodeMetricSample(g.First().TimestampUtc, g.Key.ElapsedSeconds, g.Key.Node, cpu, 1_000_000_000, lan, lan)
            {
                SamplerCpuPercent = NodeSamplerCpuPercent(mode, g.Key.Node),
            });
        });
        File.WriteAllLines(Path.Combine(directory, RunLayout.NodeMetricsFile), rows.Prepend(NodeMetricsCsv.Header));
    }
}
