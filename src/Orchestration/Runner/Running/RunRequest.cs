using Testbed.Orchestration.Recovery;

namespace Testbed.Orchestration.Running;

/// <summary>
/// What the person asked for, as a value: the build's run parameters. ValidateExperiments and
/// RunScenario both start from it, so either can run alone.
/// </summary>
/// <param name="Cluster">--cluster: a file in <paramref name="ClustersDirectory"/> (or a path); empty = the experiments' own, else local.</param>
public sealed record RunRequest(
    string ExperimentsDirectory,
    IReadOnlyList<string> Experiments,
    int Repetitions,
    int Warmups,
    int WarmupEpochs,
    IReadOnlyList<Mode> Modes,
    CpuPolicy CpuPolicy,
    string ResultsDirectory)
{
    /// <summary>--results as given (ResultsDirectory is it resolved), for messages that name what the person typed.</summary>
    public string ResultsParameter { get; init; } = ResultsDirectory;

    public string Cluster { get; init; } = "";

    public string ClustersDirectory { get; init; } = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(ExperimentsDirectory)) ?? ".", "clusters");

    /// <summary>
    /// --modes was the attribution preset: every mode the run's cluster can run, so on a cluster
    /// container-bridge (a bridge does not span hosts) is left out rather than refused.
    /// </summary>
    public bool ModesFromPreset { get; init; }

    /// <summary>--max-restarts: every workload's restart budget; null = each experiment's maxRestarts.</summary>
    public int? MaxRestarts { get; init; }

    /// <summary>--inject-faults as given (none, kill-worker); checked with the rest of the request.</summary>
    public string InjectFaults { get; init; } = "none";

    /// <summary>--observer-pairs: pairs of short repetitions per mode, with and without watching, that measure what watching costs (0: not measured).</summary>
    public int ObserverPairs { get; init; }

    /// <summary>--precision: every scenario's target half-width in percentage points, 0 for none; null = each experiment's precision.</summary>
    public double? Precision { get; init; }

    /// <summary>--time-budget in minutes; null = the sum of the experiments' timeBudgetMinutes.</summary>
    public double? TimeBudgetMinutes { get; init; }

    /// <summary>The same request as the manifest records it (the cluster it resolved to is recorded beside).</summary>
    public RunParameters Parameters => new(Experiments, Repetitions, Warmups, WarmupEpochs, Modes, CpuPolicy)
    {
        Cluster = Cluster,
        ObserverPairs = ObserverPairs,
        MaxRestarts = MaxRestarts,
        Precision = Precision,
        TimeBudgetMinutes = TimeBudgetMinutes,
        InjectFaults = RecoverySettings.TryParseFaults(InjectFaults, out var faults) ? faults : FaultInjection.None,
    };

    public RecoverySettings Recovery => new(MaxRestarts, Parameters.InjectFaults);
}
