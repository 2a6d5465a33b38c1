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

    /// <summary>
    /// A foreign trainer's services: its command, and torchrun's environment per rank. On the overlay
    /// each container is a host of its own (LOCAL_RANK 0 of 1) and gloo binds to eth0, the overlay's
    /// interface (the only network an internal overlay's task has); on the hosts' networks, to the
    /// interface of its node's address (<paramref name="hostInterfaces"/>, per rank).
    /// </summary>
    public static SwarmWorkload OfForeign(WorkloadLaunch launch, IReadOnlyList<string>? hostInterfaces) => Of(launch) with
    {
        Arguments = _ => [],
        Command = new SwarmCommand(ForeignLaunch.Command(launch, WorkloadServices.OutputMount),
            (rank, address, port) =>
                ForeignLaunch.Environment(launch, rank, (address, port), localRank: 0, localWorld: 1, socketInterface: hostInterfaces?[rank]
                ?? OverlayInterface)),
    };

    /// <summary>The interface of a service task's one network, the workload's internal overlay.</summary>
    public const string OverlayInterface = "eth0";

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
