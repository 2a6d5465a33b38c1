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
        Assert.Matches(@"allreduce world=3 authentication: median \d+\.\d\d ms with, \d+\.\d\d ms without \(interleaved, 3 pairs\); " +
            @"cost [+-]\d+\.\d % \(median of the pairs' ratios\); CPU of rank 0's process \d+\.\d\d ms with, \d+\.\d\d ms without", bench.Output);
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

    [Fact]
    public void Bench_pingpong_reports_the_round_trip_of_a_path_and_the_listening_end_exits_when_done()
    {
        var port = FreePort();
        using var server = new TrainerProcess("bench", "pingpong", "--listen", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var client = new TrainerProcess("bench", "pingpong", "--connect", $"127.0.0.1:{port}", "--count", "200");

        Assert.Equal(0, client.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, server.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.Matches(@"pingpong rtt_us median=\d+\.\d p90=\d+\.\d count=200 size=64", client.Output);
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
