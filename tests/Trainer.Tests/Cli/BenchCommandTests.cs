using Testbed.Trainer.Tests.Training;

namespace Testbed.Trainer.Tests.Cli;

/// <summary>The benchmarks are not timed tests: these only check they run and report what they promise.</summary>
public sealed class BenchCommandTests(SyntheticDataFixture data) : IClassFixture<SyntheticDataFixture>
{
    [Fact]
    public void Bench_allreduce_reports_algorithm_bus_and_raw_tcp_bandwidth()
    {
        using var bench = new TrainerProcess("bench", "allreduce", "--world", "3", "--size", "40000", "--iterations", "3");

        Assert.Equal(0, bench.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("allreduce world=3 size=40000 B", bench.Output);
        Assert.Contains("algbw", bench.Output);
        Assert.Contains("busbw", bench.Output);
        Assert.Contains("raw TCP on the same sockets", bench.Output);
    }

    [Fact]
    public void Bench_step_reports_compute_only_and_distributed_ms_per_step()
    {
        using var bench = new TrainerProcess("bench", "step", "--world", "2", "--steps", "2", "--epochs", "2", "--batch", "8", "--data", data.DataDirectory);

        Assert.Equal(0, bench.WaitForExit(TimeSpan.FromSeconds(120)));
        Assert.Contains("step compute-only (1 worker):", bench.Output);
        Assert.Contains("step distributed (2 workers, all-reduce after backward):", bench.Output);
        Assert.Contains("step distributed (2 workers, all-reduce overlapped with backward):", bench.Output);
    }
}
