using System.Text.Json.Serialization;

namespace Testbed.Orchestration.Experiments;

/// <summary>
/// One scenario: workloads that run at the same time (the thesis's single and dual workloads).
/// Loaded from <c>experiments/&lt;name&gt;.json</c>; the file name is the scenario's name.
/// </summary>
public sealed record Experiment
{
    // The bounds live here, with the fields they bound, so the validator needs nothing from Planning
    // (Planning builds on Experiments, never the other way round).

    /// <summary>A target above this many percentage points says nothing a fixed run would not.</summary>
    public const double MostPrecisionPercent = 50;

    /// <summary>About ten weeks: a larger budget is a typo (and would overflow a time span).</summary>
    public const double MostBudgetMinutes = 100_000;

    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public required IReadOnlyList<Workload> Workloads { get; init; }

    /// <summary>
    /// The cluster the scenario was meant for (a file in clusters/), e.g. virtual-3 for the
    /// thesis's three hosts; null runs on this host alone. --cluster overrides it.
    /// </summary>
    public string? Cluster { get; init; }

    /// <summary>
    /// Restarts each workload may take when a worker fails (from its newest checkpoint, in the same
    /// mode); 0, the thesis scenarios' default, keeps their timings comparable. --max-restarts overrides it.
    /// </summary>
    public int MaxRestarts { get; init; }

    /// <summary>
    /// The half-width, in percentage points, the headline's 95 % interval should reach: rounds are
    /// added after the minimum ones until it does or the time budget is spent. Null: a fixed count
    /// (--repetitions rounds). --precision overrides it.
    /// </summary>
    public double? Precision { get; init; }

    /// <summary>Minutes this scenario adds to the run's time budget (the run's is their sum unless --time-budget is given).</summary>
    public double? TimeBudgetMinutes { get; init; }

    /// <summary>An optional phase after training: load the chief's final checkpoint on every worker and train on (the thesis's "tuning").</summary>
    public TunePhase? Tune { get; init; }

    /// <summary>A grid over the scenario's size, expanded into one scenario per point before planning; null on the points themselves.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Sweep? Sweep { get; init; }

    /// <summary>Which point of a sweep this scenario is (set by <see cref="SweepExpansion"/>, never read from a file); null outside sweeps.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SweepPoint? Point { get; init; }

    /// <summary>The file it came from and the SHA-256 of its bytes, for the run manifest.</summary>
    public string File { get; init; } = "";
    public string Sha256 { get; init; } = "";

    public int TotalWorkers => Workloads.Sum(w => w.Workers);

    /// <summary>Cores all workers ask for together: they run concurrently.</summary>
    public double TotalCpus => Workloads.Sum(w => w.Workers * w.CpusPerWorker);
}
