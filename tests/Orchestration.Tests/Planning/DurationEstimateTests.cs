using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Tests.Planning;

[Trait("Tier", "Unit")]
public sealed class DurationEstimateTests
{
    [Fact]
    public void A_warm_up_calibrates_the_model_for_every_repetition_not_yet_measured_and_says_how()
    {
        var single = RunPlanTests.Scenario("single", workers: 3, cpus: 0.6);
        var dual = RunPlanTests.Scenario("dual", workers: 3, cpus: 0.3);
        var plan = RunPlan.Create([single, dual], [Mode.Native, Mode.Container], repetitions: 1, warmups: 1, warmupEpochs: 1);
        var estimate = new DurationEstimate();
        var warmup = plan.Repetitions[0];
        var measuredDual = plan.Repetitions.First(r => r.Experiment == dual && !r.IsWarmup && r.Mode == Mode.Native);
        var before = estimate.Of(measuredDual);

        // This machine is twice as slow as the model's: the warm-up's steps take twice the modelled time.
        estimate.Record(warmup, TimeSpan.FromSeconds(20), msPerStep: 2 * ModelledStepMs(estimate, warmup));

        var after = estimate.Of(measuredDual);
        Assert.Equal(2.0, estimate.Factor, 6);
        // The fixed start-up allowance (7 s for native) does not scale.
        Assert.Equal(2.0, (after.TotalSeconds - 7) / (before.TotalSeconds - 7), 2);
        Assert.Contains("scaled by 2.00", estimate.Calibration);
        Assert.Equal(TimeSpan.FromSeconds(20), estimate.Of(warmup));
    }

    /// <summary>Recovers the model's step time from an uncalibrated estimate: (seconds - 3 - 4) / (epochs x steps).</summary>
    private static double ModelledStepMs(DurationEstimate fresh, PlannedRepetition repetition)
    {
        var workload = repetition.Experiment.Workloads[0];
        return (fresh.Of(repetition).TotalSeconds - 3 - (repetition.Mode == Mode.Container ? 10
            : 4)) * 1000 / (repetition.EpochsOf(workload) * workload.StepsPerEpoch);
    }
}
