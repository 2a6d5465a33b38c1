using System.Globalization;
using Testbed.Orchestration.Docker;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// A launch in the Docker adapter's terms: what a Swarm service of its workers needs, the trainer's
/// command line already decided here (the adapter only adds the rendezvous flags).
/// </summary>
public static class SwarmWorkloads
{
    public static SwarmWorkload Of(WorkloadLaunch launch) => new(
        launch.ShortName,
        launch.Workload.Name,
        launch.Workload.Workers,
        launch.Workload.CpusPerWorker,
        launch.Workload.MemoryMbPerWorker,
        Labels(launch),
        TrainerArguments.HostDataDirectory(launch.Workload),
        TrainerArguments.ContainerPort,
        TrainerArguments.TokenFileName,
        rendezvous => TrainerArguments.Train(launch, TrainerArguments.DataDirectory(launch.Workload), WorkloadServices.OutputMount,
            $"/run/secrets/{TrainerArguments.TokenFileName}", rendezvous));

    /// <summary>The labels every Docker object of this launch carries, so a run's leftovers can be found and removed.</summary>
    public static Dictionary<string, string> Labels(WorkloadLaunch launch) => new()
    {
        [Orchestration.Labels.Run] = launch.RunId,
        [Orchestration.Labels.Workload] = launch.Workload.Name,
        [Orchestration.Labels.Mode] = launch.Repetition.Mode.ToName(),
        ["testbed.scenario"] = launch.Repetition.Experiment.Name,
        ["testbed.repetition"] = launch.Repetition.Index.ToString(CultureInfo.InvariantCulture),
    };
}
