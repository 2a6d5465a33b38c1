namespace Testbed.Orchestration.Runner;

/// <summary>
/// The run parameters as the build holds them (modes as typed, folders resolved), for
/// <see cref="RunnerDoor.Prepare"/> to check and plan.
/// </summary>
/// <param name="ResultsParameter">--results as typed, for messages that name it.</param>
public sealed record RunArguments(string RepositoryRoot, IReadOnlyList<string> Experiments, int Repetitions, int Warmups, int WarmupEpochs,
    IReadOnlyList<string> Modes, CpuPolicy CpuPolicy, string ResultsDirectory, string ResultsParameter)
{
    public string Cluster { get; init; } = "";

    public int? MaxRestarts { get; init; }

    public string InjectFaults { get; init; } = "none";

    public double? Precision { get; init; }

    public double? TimeBudgetMinutes { get; init; }

    public int ObserverPairs { get; init; }
}
