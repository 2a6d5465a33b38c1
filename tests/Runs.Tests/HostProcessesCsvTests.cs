namespace Testbed.Runs.Tests;

/// <summary>host-processes.csv as the tally writes it and the analysis reads it.</summary>
[Trait("Tier", "Unit")]
public sealed class HostProcessesCsvTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("testbed-host-processes-csv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_row_reads_back_and_a_comma_in_a_name_cannot_shift_the_columns()
    {
        var path = Write(HostProcessesCsv.Header, HostProcessesCsv.Row(new HostProcessSample("ksoftirqd/1", 15, "/", 1.234)),
            HostProcessesCsv.Row(new HostProcessSample("a,b", 7, "/docker/x", 0.5)));

        var rows = HostProcessesCsv.Read(path);

        Assert.Equal(new HostProcessSample("ksoftirqd/1", 15, "/", 1.23), rows[0]);
        Assert.Equal(new HostProcessSample("a_b", 7, "/docker/x", 0.5), rows[1]);
    }

    [Theory]
    [InlineData("/docker/0dcb727bde96", true)]
    [InlineData("/docker/0dcb727bde96/testbed/w1-0", true)]
    [InlineData("/testbed/w1-0", true)]
    [InlineData("/", false)]
    [InlineData("/system.slice/docker.service", false)]
    [InlineData("/testbedx", false)]
    public void Inside_the_nodes_means_a_container_or_a_native_workers_cgroup(string cgroup, bool inside) =>
        Assert.Equal(inside, new HostProcessSample("p", 1, cgroup, 1).InsideTheNodes);

    [Fact]
    public void A_kernel_threads_per_core_suffix_is_not_part_of_its_program() =>
        Assert.Equal(["ksoftirqd", "kworker", "dockerd"],
            new[] { "ksoftirqd/1", "kworker/u4:2-events_unbound", "dockerd" }.Select(n => new HostProcessSample(n, 1, "/", 1).Program));

    [Fact]
    public void A_row_without_a_whole_pid_is_an_error_naming_the_line()
    {
        var path = Write(HostProcessesCsv.Header, "dockerd,x,/,1.00");

        var error = Assert.Throws<RunFormatException>(() => HostProcessesCsv.Read(path));

        Assert.Contains("line 2", error.Message);
    }

    private string Write(params string[] lines)
    {
        var path = Path.Combine(_folder, RunLayout.HostProcessesFile);
        File.WriteAllLines(path, lines);
        return path;
    }
}
