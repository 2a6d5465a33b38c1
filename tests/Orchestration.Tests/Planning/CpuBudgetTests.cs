using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Tests.Planning;

[Trait("Tier", "Unit")]
public class CpuBudgetTests
{
    [Fact]
    public void A_scenario_within_the_machine_is_left_alone()
    {
        var (fitted, note) = CpuBudget.Fit(RunPlanTests.Scenario(workers: 3, cpus: 0.6), cores: 2, CpuPolicy.Refuse);
        Assert.Null(note);
        Assert.Equal(0.6, fitted.Workloads[0].CpusPerWorker);
    }

    [Fact]
    public void Too_much_cpu_is_scaled_down_visibly_and_never_oversubscribes()
    {
        var (fitted, note) = CpuBudget.Fit(RunPlanTests.Scenario(workers: 3, cpus: 1), cores: 2, CpuPolicy.Scale);
        Assert.True(fitted.TotalCpus <= 2);
        Assert.Equal(0.66, fitted.Workloads[0].CpusPerWorker);
        Assert.Contains("asks for 3 cores", note);
    }

    [Fact]
    public void Too_much_cpu_is_refused_with_the_numbers_when_asked_to()
    {
        var error = Assert.Throws<ExperimentValidationException>(() => CpuBudget.Fit(RunPlanTests.Scenario(workers: 3, cpus: 1), cores: 2, CpuPolicy.Refuse));
        Assert.Contains("3 cores in all", error.Message);
        Assert.Contains("at most 2", error.Message);
    }
}
