namespace Testbed.Analysis.Results;

/// <summary>
/// One repetition of one scenario in one mode, as loaded from runs/&lt;scenario&gt;/&lt;mode&gt;/rep-&lt;k&gt;/.
/// Only a succeeded, non-warm-up repetition without restarts counts in statistics (<see cref="IsMeasured"/>).
/// </summary>
public sealed record Repetition(
    string Scenario,
    Mode Mode,
    int Index,
    bool IsWarmup,
    RepetitionState State,
    string Path,
    RepetitionStatus? Status,
    IReadOnlyDictionary<string, IReadOnlyList<WorkerLog>> Workloads,
    IReadOnlyList<MetricSample> Metrics)
{
    /// <summary>Whole nodes' samples (nodes.csv, cluster runs only); empty otherwise.</summary>
    public IReadOnlyList<NodeMetricSample> NodeMetrics { get; init; } = [];

    /// <summary>The driver's health through the repetition (driver.csv); empty in folders from before it.</summary>
    public IReadOnlyList<DriverSample> Driver { get; init; } = [];

    /// <summary>The driving machine's busiest processes through the repetition (host-processes.csv); empty in folders from before it.</summary>
    public IReadOnlyList<HostProcessSample> HostProcesses { get; init; } = [];

    /// <summary>The interleaving round (manifest), which pairs it with the other mode's repetition of that round; null when not recorded.</summary>
    public int? Round { get; init; }

    /// <summary>
    /// Workloads whose trainer writes no records (progress "none"): their start-to-exit seconds
    /// (launch to the last worker's exit, status.json), which stand in for the training time; null when not known.
    /// </summary>
    public IReadOnlyDictionary<string, double?> RecordlessSeconds { get; init; } = new Dictionary<string, double?>();

    /// <summary>Restarts of its workloads (status.json); 0 in folders from before restarts.</summary>
    public int Restarts => Status?.Restarts ?? 0;

    /// <summary>Whether a restarted repetition counts in statistics (Report --include-restarted); by default its time, which holds a recovery, does
    /// not.</summary>
    public bool CountRestarted { get; init; }

    public bool IsMeasured => State == RepetitionState.Succeeded && !IsWarmup && (Restarts == 0 || CountRestarted);

    /// <summary>
    /// A workload's training time: the slowest worker's total, since a synchronous job ends with its
    /// last worker. Null unless every worker wrote its final record.
    /// </summary>
    public double? WorkloadSeconds(string workload) =>
        RecordlessSeconds.TryGetValue(workload, out var startToExit) ? startToExit :
        Workloads.TryGetValue(workload, out var workers) && workers.Count > 0 && workers.All(w => w.Final is not null)
            ? workers.Max(w => w.Final!.TotalSeconds)
            : null;

    /// <summary>
    /// The scenario's training time in this repetition: the mean over its workloads, as the thesis
    /// reports "average training time" for two workloads at once.
    /// </summary>
    public double? ScenarioSeconds
    {
        get
        {
            var times = Workloads.Keys.Select(WorkloadSeconds).ToList();
            return times.Count > 0 && times.All(t => t is not null) ? times.Average(t => t!.Value) : null;
        }
    }
}
