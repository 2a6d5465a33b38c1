using Testbed.Orchestration.Recovery;
using Testbed.Orchestration.Tests.Running;

namespace Testbed.Orchestration.Tests.Recovery;

[Trait("Tier", "Unit")]
public sealed class FaultPlanTests
{
    [Fact]
    public void Every_measured_repetition_gets_one_fault_the_same_in_both_modes_of_a_round_and_warm_ups_none()
    {
        var run = RunnerFixtures.Smoke([Mode.Native, Mode.Container], repetitions: 4, warmups: 1);

        var faults = run.Plan.Repetitions.Select(r => (r, Fault: FaultPlan.For(r, FaultInjection.KillWorker))).ToList();

        Assert.All(faults.Where(f => f.r.IsWarmup), f => Assert.Null(f.Fault));
        Assert.All(faults.Where(f => !f.r.IsWarmup), f => Assert.NotNull(f.Fault));
        foreach (var round in faults.Where(f => !f.r.IsWarmup).GroupBy(f => f.r.Round))
            Assert.Single(round.Select(f => f.Fault).Distinct());
        Assert.True(faults.Where(f => !f.r.IsWarmup).Select(f => f.Fault).Distinct().Count() > 1, "rounds should not all strike the same worker and step");
    }

    [Fact]
    public void The_step_lies_after_the_first_epoch_and_the_rank_within_the_workload()
    {
        var run = RunnerFixtures.Smoke([Mode.Container], repetitions: 20, warmups: 0);
        var workload = run.Experiments.Single().Workloads.Single();

        foreach (var repetition in run.Plan.Repetitions)
        {
            var (name, fault) = FaultPlan.For(repetition, FaultInjection.KillWorker)!.Value;
            Assert.Equal(workload.Name, name);
            Assert.InRange(fault.Rank, 0, workload.Workers - 1);
            Assert.InRange(fault.Step, workload.StepsPerEpoch + 1, workload.Epochs * workload.StepsPerEpoch);
            Assert.Equal(fault, FaultPlan.For(repetition, FaultInjection.KillWorker)!.Value.Fault);
        }
    }

    [Fact]
    public void A_stopped_node_is_never_one_the_predicate_refuses_and_freezes_as_an_epoch_begins()
    {
        var run = RunnerFixtures.Smoke([Mode.Container], repetitions: 20, warmups: 0);
        var workload = run.Experiments.Single().Workloads.Single();

        var faults = run.Plan.Repetitions.Select(r => FaultPlan.For(r, FaultInjection.StopNode, (_, rank) => rank != 0)!.Value.Fault).ToList();

        Assert.All(faults, f => Assert.Equal((FaultPlan.StopNode, 1), (f.Kind, f.Rank)));
        Assert.All(faults, f => Assert.Equal(1, (f.Step - 1) % workload.StepsPerEpoch + 1));
        Assert.All(faults, f => Assert.InRange(f.Step, workload.StepsPerEpoch + 1, workload.Epochs * workload.StepsPerEpoch));
        Assert.All(run.Plan.Repetitions, r => Assert.Null(FaultPlan.For(r, FaultInjection.StopNode, (_, _) => false)));
    }

    [Fact]
    public void Without_injection_there_is_no_fault()
    {
        var run = RunnerFixtures.Smoke([Mode.Container], repetitions: 2, warmups: 0);

        Assert.All(run.Plan.Repetitions, r => Assert.Null(FaultPlan.For(r, FaultInjection.None)));
    }
}
