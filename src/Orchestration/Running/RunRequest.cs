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

    /// <summary>The same request as the manifest records it (the cluster it resolved to is recorded beside).</summary>
    public RunParameters Parameters => new(Experiments, Repetitions, Warmups, WarmupEpochs, Modes, CpuPolicy) { Cluster = Cluster };
}
