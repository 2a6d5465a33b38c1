using System.Text.Json;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Recovery;
using Testbed.Orchestration.Tests.Planning;
using Testbed.Records.Checkpoints;

namespace Testbed.Orchestration.Tests.Execution;

/// <summary>
/// The orchestration's half of the command-line contract: the argument lists it gives the trainer
/// (every start the runner makes: native and container rendezvous, a restart, the tune phase, both
/// injected faults) are exactly those in tests/Contracts/trainer-arguments.txt, which Trainer.Tests
/// parses with the trainer's own parser. A change here that the file does not have fails this test;
/// once the file is updated, the trainer's test says whether the trainer still accepts it.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class TrainerArgumentsContractTests
{
    public static IEnumerable<(string Name, IReadOnlyList<string> Arguments)> Cases()
    {
        var experiment = RunPlanTests.Scenario("thesis-single", workers: 2, cpus: 1.5);
        var native = new PlannedRepetition(experiment, Mode.Native, 1, IsWarmup: false);
        var container = new PlannedRepetition(experiment, Mode.Container, 2, IsWarmup: false);
        var workload = experiment.Workloads[0];
        WorkloadLaunch Launch(PlannedRepetition repetition) =>
            new("20261205T040000Z-abc1234", repetition, workload, "/results/run/w1", "secret-token", 29500);
        var ring = TrainerArguments.StaticRing("10.0.0.2:29500,10.0.0.3:29501", 1, 29501);
        var swarm = TrainerArguments.SwarmDiscovery(Launch(container).ShortName, workload.Workers);
        IReadOnlyList<string> Train(WorkloadLaunch launch, IReadOnlyList<string> rendezvous) =>
            TrainerArguments.Train(launch, "/data", launch.OutputDirectory, "/run/secrets/" + TrainerArguments.TokenFileName, rendezvous);

        // Both plain starts as on virtual nodes and this host (no ring tags); the rest as on real hosts.
        yield return ("native start", Train(Launch(native) with { RingTags = false }, ring));
        yield return ("container start", Train(Launch(container) with { RingTags = false }, swarm));
        yield return ("restart from a checkpoint",
            Train(Launch(native) with { Attempt = 1, ResumeCheckpoint = CheckpointFormat.FileName(3), KeepCheckpoints = 2 }, ring));
        yield return ("tune phase", Train(Launch(container) with { IsTune = true, InitCheckpoint = CheckpointFormat.FileName(12) }, swarm));
        yield return ("killed worker", Train(Launch(native) with { Fault = new InjectedFault(FaultPlan.KillWorker, 1, 40) }, ring));
        yield return ("stopped node", Train(Launch(native) with { Fault = new InjectedFault(FaultPlan.StopNode, 1, 40) }, ring));
    }

    /// <summary>The contract file's text: per case a line "name&lt;TAB&gt;JSON array of the arguments".</summary>
    public static string Render() =>
        string.Concat(Cases().Select(c => $"{c.Name}\t{JsonSerializer.Serialize(c.Arguments)}\n"));

    [Fact]
    public void The_arguments_the_runner_builds_are_those_the_trainer_is_tested_to_accept()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Contracts", "trainer-arguments.txt");
        Assert.True(Render() == File.ReadAllText(path),
            $"The trainer's argument lists changed; if that is meant, write this into tests/Contracts/trainer-arguments.txt "
            + $"and run Trainer.Tests (TrainerArgumentsContractTests) to check the trainer accepts them:\n{Render()}");
    }
}
