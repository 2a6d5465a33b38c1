namespace Testbed.Orchestration.Running;

/// <summary>
/// What the person asked for, as a value: the build's run parameters. ValidateExperiments and
/// RunScenario both start from it, so either can run alone.
/// </summary>
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

    /// <summary>The same request as the manifest records it.</summary>
    public RunParameters Parameters => new(Experiments, Repetitions, Warmups, WarmupEpochs, Modes, CpuPolicy);
}
