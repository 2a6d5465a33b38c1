using System.Text.Json;

namespace Testbed.Runs;

/// <summary>
/// manifest.json: everything needed to reproduce and judge a run. Written when the run starts and
/// again after every repetition, so an interrupted run still says what it did; <see cref="Complete"/>
/// turns true only at a clean end. Every field is the writer's promise and the reader's check.
/// </summary>
public sealed record RunManifest
{
    /// <summary>
    /// The layout version this code writes and the newest it reads. Bump it when a change would
    /// make an older reader misread a folder (a renamed field, a changed meaning); adding an
    /// optional field does not need it.
    /// </summary>
    public const int CurrentSchemaVersion = 2;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required string RunId { get; init; }
    public bool Complete { get; init; }

    /// <summary>Why the run stopped before every repetition ran; null when it did not.</summary>
    public string? Interruption { get; init; }
    public required DateTimeOffset StartedUtc { get; init; }
    public DateTimeOffset? EndedUtc { get; init; }
    public required GitFacts Git { get; init; }
    public required RunParameters Parameters { get; init; }
    public required IReadOnlyList<ExperimentEntry> Experiments { get; init; }
    public required HostDescription Host { get; init; }
    public required RootfsEntry Rootfs { get; init; }
    public required ImageEntry Image { get; init; }
    public required string TrainerVersion { get; init; }
    public required IReadOnlyList<int> Seeds { get; init; }
    public required SamplerEntry Sampler { get; init; }

    /// <summary>How native workers are limited (the same CFS quota as containers, through a cgroup).</summary>
    public required string NativeAllotment { get; init; }

    /// <summary>Where workers ran, in a sentence (a one-node swarm, pinned nodes, ...).</summary>
    public required string Placement { get; init; }
    /// <summary>The cluster the workers ran on, every node, and what was measured of it; null in folders written before clusters existed (this host
    /// alone).</summary>
    public ClusterEntry? Cluster { get; init; }
    /// <summary>What sampling cost each mode, measured once before the first repetition; null when not measured (and in older folders).</summary>
    public ObserverCostEntry? Observer { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];
    public IReadOnlyList<RepetitionEntry> Repetitions { get; init; } = [];

    /// <summary>The precision asked for and got, per scenario; null in folders written before runs could stop on precision.</summary>
    public PrecisionEntry? Precision { get; init; }

    public void Write(string runDirectory) => RunJson.Write(Path.Combine(runDirectory, RunLayout.ManifestFile), this);

    /// <summary>Reads a run folder's manifest, refusing a layout newer than this code knows.</summary>
    /// <exception cref="RunFormatException">Missing, malformed, or written by a newer version.</exception>
    public static RunManifest Read(string runDirectory)
    {
        var path = Path.Combine(runDirectory, RunLayout.ManifestFile);
        const string what = "the run manifest (schemaVersion, runId, parameters, experiments, host, repetitions, ...)";
        if (!File.Exists(path))
            throw new RunFormatException(path, $"missing; expected {what} (see results/README.md).");
        var text = File.ReadAllText(path);
        var version = SchemaVersionOf(text, path);
        if (version > CurrentSchemaVersion)
        {
            throw new RunFormatException(path,
                $"schemaVersion is {version}, written by a newer Testbed; this one reads up to {CurrentSchemaVersion}. " +
                $"Read it with the version that wrote it (manifest git.sha), or update this checkout.");
        }
        if (version < 1)
            throw new RunFormatException(path, $"schemaVersion is {version}; expected 1 to {CurrentSchemaVersion}.");
        return RunJson.Parse<RunManifest>(text, path, what);
    }

    private static int SchemaVersionOf(string text, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new RunFormatException(path, $"expected a JSON object, found {document.RootElement.ValueKind}.");
            return document.RootElement.TryGetProperty("schemaVersion", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n)
                ? n
                : throw new RunFormatException(path, "expected a whole number 'schemaVersion'; it is missing or not a number.");
        }
        catch (JsonException e)
        {
            throw new RunFormatException(path, $"expected JSON; {e.Message}", e);
        }
    }
}

public sealed record GitFacts(string Sha, bool Dirty);

/// <summary>When a scenario asks for more CPU than the machine has: scale every share down (said aloud), or refuse.</summary>
public enum CpuPolicy { Scale, Refuse }

/// <summary>The build parameters a run was made with: what a re-run needs to ask for the same work.</summary>
public sealed record RunParameters(
    IReadOnlyList<string> Experiments,
    int Repetitions,
    int Warmups,
    int WarmupEpochs,
    IReadOnlyList<Mode> Modes,
    CpuPolicy CpuPolicy)
{
    /// <summary>--cluster as given ("" = the experiments' own); the cluster used is <see cref="RunManifest.Cluster"/>.</summary>
    public string Cluster { get; init; } = "";

    /// <summary>--max-restarts when given: every workload's restart budget; null = each experiment's own maxRestarts.</summary>
    public int? MaxRestarts { get; init; }

    /// <summary>--inject-faults: none, or kill-worker (one seeded kill per measured repetition).</summary>
    public FaultInjection InjectFaults { get; init; } = FaultInjection.None;

    /// <summary>--observer-pairs: pairs per mode measuring what watching the workers costs (0, and in older folders: not measured).</summary>
    public int ObserverPairs { get; init; }

    /// <summary>--precision when given: every scenario's target half-width in percentage points (0: none); null = each experiment's precision.</summary>
    public double? Precision { get; init; }

    /// <summary>--time-budget in minutes when given; null = the sum of the experiments' timeBudgetMinutes.</summary>
    public double? TimeBudgetMinutes { get; init; }
}

/// <summary>Faults the pipeline injects on purpose to measure recovery; written as "none", "kill-worker", "stop-node".</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(FaultInjectionJsonConverter))]
public enum FaultInjection
{
    None,

    /// <summary>In every measured repetition one worker, chosen by a seed, is killed (SIGKILL) at a step chosen by the same seed.</summary>
    KillWorker,

    /// <summary>In every measured repetition the virtual node of one worker, chosen by a seed, is paused (frozen) past the trainer's peer timeout, then
    /// resumed.</summary>
    StopNode,
}

/// <summary>The cluster of a run: local (this host alone), virtual (nodes made on this host) or hosts (real machines).</summary>
public sealed record ClusterEntry(string Name, string Kind, string? File, string? Sha256, IReadOnlyList<NodeEntry> Nodes)
{
    /// <summary>How long making ready the nodes took for this run, and whether they were reused.</summary>
    public ProvisioningEntry? Provisioning { get; init; }

    /// <summary>Each mode's network path, measured once per run before the first repetition: throughput and round trip.</summary>
    public IReadOnlyList<WirePathEntry> Wire { get; init; } = [];

    /// <summary>
    /// Whether every worker's ring messages carried authentication tags after the (always
    /// authenticated) handshake: true where the ring's path leaves the machine (real hosts), false
    /// on virtual nodes and this host; the same for every mode. Null in folders written before it
    /// was decided per path (they tagged every message).
    /// </summary>
    public bool? RingTags { get; init; }
}

/// <summary>
/// A network path the run's workers talk over (host, bridge or overlay), from one end to the
/// other: iperf3's TCP throughput and a 64-byte ping-pong's round trip; null where it could not be
/// measured (<see cref="Problem"/> says why).
/// </summary>
public sealed record WirePathEntry(string Path, IReadOnlyList<string> Modes, string From, string To, double? GbitsPerSecond, double? RttMedianMicroseconds,
    double? RttP90Microseconds, string? Problem);

/// <summary>A node: its LAN address, its CPU share and memory (virtual nodes), its engine, and that engine's CPU while no worker ran.</summary>
public sealed record NodeEntry(string Name, string Address, double? Cpus, int? MemoryMb, string DockerVersion)
{
    /// <summary>dockerd and containerd together, in % of one core, over a few seconds before the first repetition.</summary>
    public double? IdleEngineCpuPercent { get; init; }

    /// <summary>The processor the node's workers ran on; null in folders written before it was recorded.</summary>
    public CpuEntry? Cpu { get; init; }
}

public sealed record ProvisioningEntry(double TotalSeconds, bool Reused, IReadOnlyList<string> CreatedNodes, string Detail)
{
    /// <summary>Nodes that were there but got something installed, copied or loaded (real hosts the first time); empty in older manifests.</summary>
    public IReadOnlyList<string> PreparedNodes { get; init; } = [];

    /// <summary>"nodes reused", "made node-1, node-2" or "prepared host-1", as a report says it.</summary>
    public string Summary() => Describe(CreatedNodes, PreparedNodes);

    public static string Describe(IReadOnlyList<string> created, IReadOnlyList<string> prepared)
    {
        var parts = new List<string>();
        if (created.Count > 0) parts.Add("made " + string.Join(", ", created));
        if (prepared.Count > 0) parts.Add("prepared " + string.Join(", ", prepared));
        return parts.Count == 0 ? "nodes reused" : string.Join("; ", parts);
    }
}


/// <summary>An experiment as it ran: its file, the SHA-256 of the file's bytes, and the definition after any CPU scaling.</summary>
public sealed record ExperimentEntry(string Name, string File, string Sha256, JsonElement Definition)
{
    /// <summary>
    /// Intra-op threads per worker, by workload: with the CPU they decide whether two runs can
    /// give the same bits (libtorch splits work by thread). Null in folders written before it was recorded.
    /// </summary>
    public IReadOnlyDictionary<string, int>? Threads { get; init; }
}

/// <summary>The machine a run measured on.</summary>
public sealed record HostDescription(string CpuModel, int Cores, long MemoryBytes, string Kernel, string Os, string DockerVersion, string Hostname)
{
    /// <summary>The processor, as far as it decides numbers; null in folders written before it was recorded.</summary>
    public CpuEntry? Cpu { get; init; }
}

/// <summary>
/// A processor as far as it decides the bits a training run ends with (from /proc/cpuinfo).
/// Two runs had "the same CPU" when model and instruction sets agree; <see cref="Class"/> is the
/// coarser key the committed reference results use.
/// </summary>
/// <param name="Vendor">vendor_id: GenuineIntel, AuthenticAMD, ...; libraries pick kernels by it too.</param>
/// <param name="InstructionSets">The flags that name instruction sets (SSE*, AVX*, FMA, AMX, ...), in /proc/cpuinfo's order; flags the kernel adds for itself
/// (mitigations, hypervisor) are left out so a kernel update does not read as a new CPU.</param>
/// <param name="Class">The x86-64 micro-architecture level and the vendor, e.g. "x86-64-v3 GenuineIntel" (on other architectures the architecture and
/// vendor).</param>
public sealed record CpuEntry(string Model, string Vendor, IReadOnlyList<string> InstructionSets, string Class);

public sealed record RootfsEntry(string RecipeHash, string PackagesSha256);

public sealed record ImageEntry(string Id, string Tag);

public sealed record SamplerEntry(int IntervalMs, double CpuPercent);

/// <summary>One line of the manifest's list of repetitions; <see cref="Path"/> is relative to the run folder.</summary>
public sealed record RepetitionEntry(string Scenario, Mode Mode, int Repetition, bool Warmup, RepetitionOutcome Status, string Path, double? DurationSeconds)
{
    /// <summary>
    /// The interleaving round of a measured repetition: the modes of one round ran next to each
    /// other (native, container, then container, native, ...), so they are the pairs a paired
    /// comparison uses. Null for warm-ups, and in folders written before pairs were recorded.
    /// </summary>
    public int? Round { get; init; }

    /// <summary>Restarts of the repetition's workloads (status.json has each attempt); 0 when none, and in folders from before restarts.</summary>
    public int Restarts { get; init; }
}

/// <summary>A fault kind by its command-line spelling (kill-worker), never a number.</summary>
public sealed class FaultInjectionJsonConverter()
    : System.Text.Json.Serialization.JsonStringEnumConverter<FaultInjection>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);
