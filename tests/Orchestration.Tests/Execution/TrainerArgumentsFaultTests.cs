using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Recovery;
using Testbed.Orchestration.Tests.Planning;
using Testbed.Runs;

namespace Testbed.Orchestration.Tests.Execution;

/// <summary>What the trainer is told of an injected fault: the step and rank in both kinds; a stopped node's worker stalls there.</summary>
[Trait("Tier", "Unit")]
public sealed class TrainerArgumentsFaultTests
{
    private static string Arguments(InjectedFault? fault)
    {
        var experiment = RunPlanTests.Scenario("thesis-single", workers: 2, cpus: 0.5);
        var repetition = new PlannedRepetition(experiment, Mode.Native, 1, IsWarmup: false);
        var launch = new WorkloadLaunch("20261205T040000Z-abc1234", repetition, experiment.Workloads[0], "/results/run/w1", "secret-token",
            29500) { Fault = fault };
        return string.Join(' ', TrainerArguments.Train(launch, "/data", "/results", "/run/secrets/token", []));
    }

    [Fact]
    public void A_killed_worker_kills_itself_at_the_drawn_step()
    {
        var arguments = Arguments(new InjectedFault(FaultPlan.KillWorker, 1, 40));
        Assert.Contains("--fault-at-step 40 --fault-rank 1", arguments);
        Assert.DoesNotContain("--fault-kind", arguments);
    }

    [Fact]
    public void A_stopped_node_s_worker_stalls_at_the_drawn_step_so_a_late_freeze_still_strikes()
    {
        Assert.Contains("--fault-at-step 40 --fault-rank 1 --fault-kind stall", Arguments(new InjectedFault(FaultPlan.StopNode, 1, 40)));
    }

    [Fact]
    public void No_fault_no_fault_flags()
    {
        Assert.DoesNotContain("--fault", Arguments(null));
    }
}
