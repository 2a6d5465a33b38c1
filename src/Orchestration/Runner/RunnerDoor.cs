using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Host;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Running;

namespace Testbed.Orchestration.Runner;

/// <summary>
/// The build's one way into the runner: a run checked and planned, its cluster made ready, run,
/// re-run (RunnerDoor.Rerun.cs), checked against the reference (RunnerDoor.Reference.cs), and
/// what it leaves removed (RunnerDoor.Cleanup.cs). Everything else a run needs from the stages
/// before it (rootfs, image, foreign runtimes) comes from the Host door; the node layer
/// is reached through this door (RunnerDoor.Nodes.cs).
/// </summary>
/// <exception cref="BadInputException">(constructor) A --node-prefix that cannot name containers, volumes and a network.</exception>
public sealed partial class RunnerDoor(HostDoor host, IReporter reporter, string nodePrefix, string repositoryRoot, string publishDirectory,
    string trainersDirectory)
{
    private readonly VirtualNodeNaming naming = Naming(nodePrefix);

    private IReporter Reporter => reporter;

    /// <summary>Checks the parameters, the cluster file and every experiment file, then plans (cheap: every target makes it again).</summary>
    /// <exception cref="BadInputException">Every problem found, each naming file, field, value and expectation.</exception>
    public static PreparedRun Prepare(RunArguments arguments)
    {
        try
        {
            return PreparedRun.From(Request(arguments), Environment.ProcessorCount);
        }
        catch (ExperimentValidationException e)
        {
            throw new BadInputException(e.Message, e);
        }
    }

    /// <summary>The foreign runtimes a run's experiments need (none for our trainer alone).</summary>
    public static IReadOnlyList<string> ForeignRuntimeNames(PreparedRun run) => Runtimes.NeededBy(run.Experiments);

    /// <summary>ProvisionCluster: the run's nodes made ready; nothing for the local cluster.</summary>
    public async Task ProvisionClusterAsync(PreparedRun run, CancellationToken cancellation)
    {
        if (run.Cluster.Kind == ClusterKind.Local)
        {
            Reporter.Skip("Cluster local: this host's engine and one-node swarm (ProvisionHost made them)");
            return;
        }
        await EnsureClusterAsync(run.Cluster, Foreign(run), cancellation);
    }

    /// <summary>RunScenario (and Reproduce's re-run): the run into a new run folder, named in <paramref name="lastRunFile"/> as soon as it exists.</summary>
    /// <exception cref="BadInputException">A foreign trainer the run cannot start.</exception>
    public async Task<RunOutcome> RunAsync(PreparedRun run, IRunDisplay display, string lastRunFile,
        Func<string, IReadOnlyList<HeadlinePrecision>> readPrecision, CancellationToken cancellation)
    {
        try
        {
            return await ScenarioRun.ExecuteAsync(run, Inputs(run), display, Reporter, lastRunFile, cancellation, readPrecision);
        }
        catch (ForeignTrainerRefusedException e)
        {
            throw new BadInputException(e.Message, e);
        }
    }

    private static RunRequest Request(RunArguments arguments) =>
        new(Path.Combine(arguments.RepositoryRoot, "experiments"), arguments.Experiments, arguments.Repetitions, arguments.Warmups,
            arguments.WarmupEpochs, ModeList.Parse(arguments.Modes), arguments.CpuPolicy, arguments.ResultsDirectory)
        {
            ResultsParameter = arguments.ResultsParameter,
            Cluster = arguments.Cluster,
            ClustersDirectory = Path.Combine(arguments.RepositoryRoot, "clusters"),
            MaxRestarts = arguments.MaxRestarts,
            InjectFaults = arguments.InjectFaults,
            Precision = arguments.Precision,
            TimeBudgetMinutes = arguments.TimeBudgetMinutes,
            ModesFromPreset = ModeList.HasPreset(arguments.Modes),
            ObserverPairs = arguments.ObserverPairs,
        };

    /// <summary>What the provisioning stages left for a run (read only once they ran).</summary>
    private RunInputs Inputs(PreparedRun run) =>
        new(repositoryRoot, host.Rootfs, host.WorkerUserId, publishDirectory, host.SessionsDirectory,
            host.TrainerImage, host.CacheDirectory)
        {
            Naming = naming,
            Foreign = Foreign(run),
        };

    private Images.ForeignRuntimes Foreign(PreparedRun run) => host.ForeignRuntimes(ForeignRuntimeNames(run), trainersDirectory);
}
