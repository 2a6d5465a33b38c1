using System.Globalization;
using System.Text.Json;
using Testbed.Records;

namespace Testbed.Analysis.Tests.Support;

/// <summary>
/// Writes a small run folder through the contract's own types (manifest, status.json, records):
/// scenario "repro", one workload "w1" of two workers, three epochs of ten steps, both modes,
/// measured repetitions only. Each test changes the one thing it is about and writes it again.
/// </summary>
internal sealed record RunFolderBuilder
{
    public static readonly CpuEntry Epyc = new("AMD EPYC 9B14", "AuthenticAMD", ["sse", "sse2", "avx", "avx2", "fma", "avx512f"], "x86-64-v4 AuthenticAMD");
    public static readonly CpuEntry Haswell = new("Intel(R) Xeon(R) CPU E5-2690 v3", "GenuineIntel", ["sse", "sse2", "avx", "avx2", "fma"],
        "x86-64-v3 GenuineIntel");

    private const int Steps = 10;

    public string RunId { get; init; } = "20261130T100000Z-aaaaaaa";
    public int Repetitions { get; init; } = 3;
    public CpuEntry Cpu { get; init; } = Epyc;
    public int Threads { get; init; } = 1;
    public GitFacts Git { get; init; } = new("aaaaaaa0000000000000000000000000000000000", false);
    public string ImageId { get; init; } = "sha256:image-a";
    public string PackagesSha256 { get; init; } = "packages-a";
    public string Kernel { get; init; } = "6.1.0-40-amd64";
    public string DockerVersion { get; init; } = "26.1.5+dfsg1";
    public string ExperimentSha256 { get; init; } = "experiment-a";

    /// <summary>The learning rate stands in for what the seeds and the experiment decide: the loss curve and the final weights.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>The chief's test accuracy; null as a trainer that did not record it would leave it.</summary>
    public double? TestAccuracy { get; init; } = 0.61;

    /// <summary>A different hash in one mode only, as a broken determinism would give.</summary>
    public string? ContainerHashOverride { get; init; }

    /// <summary>ms/step of a mode in a repetition (from 0); containers a little slower.</summary>
    public Func<Mode, int, double> MsPerStep { get; init; } = (mode, k) => (mode == Mode.Native ? 50 : 52) + k % 3 * 0.5;

    /// <summary>The cluster's measured network paths (manifest cluster.wire); none by default, as on the local cluster.</summary>
    public IReadOnlyList<WirePathEntry> Wire { get; init; } = [];

    /// <summary>Repetition (from 0) of the container mode that failed, if any.</summary>
    public int? FailedContainerRepetition { get; init; }

    public string Hash => $"sha256:{LearningRate.ToString("R", CultureInfo.InvariantCulture)}-{Cpu.Class.Replace(' ', '-')}-t{Threads}";

    public IReadOnlyList<double> Loss => [.. Enumerable.Range(1, 3).Select(e => Math.Round(2.3 - LearningRate * 10 * e + (Cpu == Epyc ? 0 : 1e-6), 6))];

    public string Write(string results)
    {
        var folder = Path.Combine(results, RunId);
        Directory.CreateDirectory(folder);
        var entries = new List<RepetitionEntry>();
        foreach (var k in Enumerable.Range(0, Repetitions))
        {
            foreach (var mode in new[] { Mode.Native, Mode.Container })
            {
                var path = RunLayout.RepetitionPath("repro", mode, k);
                var failed = mode == Mode.Container && k == FailedContainerRepetition;
                WriteRepetition(Path.Combine(folder, path), mode, k, failed);
                entries.Add(new RepetitionEntry("repro", mode, k, false, failed ? RepetitionOutcome.Failed : RepetitionOutcome.Succeeded, path, 5));
            }
        }
        Manifest(entries).Write(folder);
        return folder;
    }

    private RunManifest Manifest(IReadOnlyList<RepetitionEntry> repetitions) => new()
    {
        RunId = RunId,
        Complete = true,
        StartedUtc = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero),
        Git = Git,
        Parameters = new RunParameters(["repro"], Repetitions, 0, 1, [Mode.Native, Mode.Container], CpuPolicy.Scale),
        Experiments = [new ExperimentEntry("repro", "experiments/repro.json", ExperimentSha256,
            JsonSerializer.SerializeToElement(new { learningRate = LearningRate }))
        {
            Threads = new Dictionary<string, int> { ["w1"] = Threads },
        }],
        Host = new HostDescription(Cpu.Model, 2, 8L << 30, Kernel, "Debian GNU/Linux 12", DockerVersion, "host-a") { Cpu = Cpu },
        Rootfs = new RootfsEntry("recipe-a", PackagesSha256),
        Image = new ImageEntry(ImageId, "testbed/trainer:a"),
        TrainerVersion = "0.1.0",
        Seeds = [11],
        Sampler = new SamplerEntry(1000, 0.1),
        NativeAllotment = "cgroup-cfs-quota",
        Placement = "one node",
        Cluster = new ClusterEntry("local", "local", "clusters/local.json", "cluster-a",
            [new NodeEntry("host-a", "127.0.0.1", 2, null, DockerVersion) { Cpu = Cpu }]) { Wire = Wire },
        Repetitions = repetitions,
    };

    private void WriteRepetition(string directory, Mode mode, int k, bool failed)
    {
        var ms = MsPerStep(mode, k);
        var hash = mode == Mode.Container && ContainerHashOverride is { } other ? other : Hash;
        var at = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
        var workers = new List<WorkerStatus>();
        for (var rank = 0; rank < 2; rank++)
        {
            var lines = new List<string>();
            for (var epoch = 1; epoch <= 3; epoch++)
            {
                lines.Add(RecordJson.Line(new EpochRecord(epoch, 3, Steps, ms * Steps / 1000, ms, ms * 0.6, ms * 0.35, ms * 0.05, 1000, 1000,
                    Loss[epoch - 1], 0.1 * epoch, rank, 2, $"w1-{rank}", Threads, at.AddSeconds(epoch))));
            }
            if (!failed)
            {
                lines.Add(RecordJson.Line(new FinalRecord(3, ms * Steps * 3 / 1000 + 0.5, 1.2, rank == 0 ? 1.5 : null, rank == 0 ? TestAccuracy : null,
                    hash, rank, 2, $"w1-{rank}", Threads, at.AddSeconds(4))));
            }
            Directory.CreateDirectory(Path.Combine(directory, "w1"));
            File.WriteAllLines(RunLayout.WorkerRecords(Path.Combine(directory, "w1"), rank), lines);
            workers.Add(new WorkerStatus(rank, "host-a", failed && rank == 1 ? 137 : 0, 1.2, failed ? null : hash, []));
        }
        new RepetitionStatus
        {
            Scenario = "repro",
            Mode = mode,
            Repetition = k,
            Warmup = false,
            Status = failed ? RepetitionOutcome.Failed : RepetitionOutcome.Succeeded,
            StartedUtc = at,
            EndedUtc = at.AddSeconds(5),
            DurationSeconds = 5,
            Workloads = [new WorkloadStatus("w1", workers)],
            Error = failed ? "w1 rank 1: exit code 137" : null,
        }.Write(directory);
    }
}
