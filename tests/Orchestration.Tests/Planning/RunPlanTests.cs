using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Tests.Planning;

[Trait("Tier", "Unit")]
public class RunPlanTests
{
    internal static Experiment Scenario(string name = "s", int workers = 3, double cpus = 0.6) =>
        new() { Name = name, File = $"experiments/{name}.json", Workloads = [new Workload { Name = "w1", Workers = workers, CpusPerWorker = cpus }] };

    [Fact]
    public void Warm_ups_come_first_then_modes_interleave_a_b_b_a()
    {
        var plan = RunPlan.Create([Scenario()], [Mode.Native, Mode.Container], repetitions: 4, warmups: 1, warmupEpochs: 1);
        var order = plan.Repetitions.Select(r => (r.Mode, r.IsWarmup)).ToList();
        Assert.Equal([
            (Mode.Native, true), (Mode.Container, true),
            (Mode.Native, false), (Mode.Container, false), (Mode.Container, false), (Mode.Native, false),
            (Mode.Native, false), (Mode.Container, false), (Mode.Container, false), (Mode.Native, false),
        ], order);
        Assert.Equal(8, plan.Measured);
    }

    [Fact]
    public void Each_round_of_the_interleaving_pairs_one_native_and_one_container_repetition_that_ran_next_to_each_other()
    {
        var plan = RunPlan.Create([Scenario()], [Mode.Native, Mode.Container], repetitions: 3, warmups: 1, warmupEpochs: 1);

        Assert.All(plan.Repetitions.Where(r => r.IsWarmup), r => Assert.Null(r.Round));
        var measured = plan.Repetitions.Where(r => !r.IsWarmup).ToList();
        Assert.Equal([0, 0, 1, 1, 2, 2], measured.Select(r => r.Round!.Value));
        Assert.All(measured.GroupBy(r => r.Round), round => Assert.Equal([Mode.Native, Mode.Container], round.Select(r => r.Mode).Order()));
    }

    [Fact]
    public void Repetition_indexes_count_per_mode_and_name_the_folder()
    {
        var plan = RunPlan.Create([Scenario("thesis-single")], [Mode.Native, Mode.Container], repetitions: 2, warmups: 1, warmupEpochs: null);
        var native = plan.Repetitions.Where(r => r.Mode == Mode.Native).Select(r => r.RelativePath).ToList();
        Assert.Equal([Path.Combine("runs", "thesis-single", "native", "rep-0"), Path.Combine("runs", "thesis-single", "native", "rep-1"),
            Path.Combine("runs", "thesis-single", "native", "rep-2")], native);
    }

    [Fact]
    public void Warm_ups_may_be_shorter_but_measured_repetitions_keep_the_experiment_s_epochs()
    {
        var plan = RunPlan.Create([Scenario()], [Mode.Native], repetitions: 1, warmups: 1, warmupEpochs: 1);
        var workload = plan.Repetitions[0].Experiment.Workloads[0];
        Assert.Equal(1, plan.Repetitions[0].EpochsOf(workload));
        Assert.Equal(workload.Epochs, plan.Repetitions[1].EpochsOf(workload));
    }
}
