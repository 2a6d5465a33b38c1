namespace Testbed.Runs.Tests;

/// <summary>driver.csv as the pulse writes it and the analysis reads it, and its earlier layouts (before the CPU columns, before steal).</summary>
[Trait("Tier", "Unit")]
public sealed class DriverCsvTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("testbed-driver-csv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_row_reads_back_with_the_driver_and_machine_cpu_and_a_missing_value_stays_missing()
    {
        var path = Write(DriverCsv.Header, DriverCsv.Row(0.25, 1.5, 0.2, 4, 0, 0.031, 0.42, 0.03, 0.01), DriverCsv.Row(0.5, 0.4, null, 4, 1));

        var samples = DriverCsv.Read(path);

        Assert.Equal(new DriverSample(0.25, 1.5, 0.2)
        {
            DriverCpuSeconds = 0.031, MachineBusySeconds = 0.42, MachineInterruptSeconds = 0.03, MachineStealSeconds = 0.01,
        }, samples[0]);
        Assert.Equal(new DriverSample(0.5, 0.4, null), samples[1]);
        Assert.Null(samples[1].DriverCpuSeconds);
    }

    [Fact]
    public void A_folder_from_before_the_cpu_columns_reads_without_them()
    {
        var path = Write("elapsed_seconds,wake_late_ms,pool_wait_ms,pool_threads,pool_pending", "0.250,1.5,0.2,4,0");

        var sample = Assert.Single(DriverCsv.Read(path));

        Assert.Equal(0.2, sample.PoolWaitMs);
        Assert.Null(sample.MachineBusySeconds);
    }

    [Fact]
    public void A_folder_from_before_interrupts_and_steal_reads_its_cpu_columns_without_them()
    {
        var path = Write("elapsed_seconds,wake_late_ms,pool_wait_ms,pool_threads,pool_pending,driver_cpu_seconds,machine_busy_seconds",
            "0.250,1.5,0.2,4,0,0.031,0.42");

        var sample = Assert.Single(DriverCsv.Read(path));

        Assert.Equal((0.031, 0.42), (sample.DriverCpuSeconds, sample.MachineBusySeconds));
        Assert.Null(sample.MachineInterruptSeconds);
        Assert.Null(sample.MachineStealSeconds);
    }

    [Fact]
    public void A_header_of_no_layout_is_an_error_naming_the_expected_one()
    {
        var path = Write("elapsed_seconds,wake_late_ms,pool_wait_ms,pool_threads,pool_pending,driver_cpu_seconds", "0.250,1.5,0.2,4,0,0.031");

        var error = Assert.Throws<RunFormatException>(() => DriverCsv.Read(path));

        Assert.Contains($"expected the header '{DriverCsv.Header}'", error.Message);
    }

    [Fact]
    public void A_cpu_cell_that_is_not_a_number_is_an_error_naming_the_line_and_column()
    {
        var path = Write(DriverCsv.Header, "0.250,1.5,0.2,4,0,lots,0.42,0.03,0.01");

        var error = Assert.Throws<RunFormatException>(() => DriverCsv.Read(path));

        Assert.Contains("line 2", error.Message);
        Assert.Contains("driver_cpu_seconds 'lots'", error.Message);
    }

    private string Write(params string[] lines)
    {
        var path = Path.Combine(_folder, RunLayout.DriverFile);
        File.WriteAllLines(path, lines);
        return path;
    }
}
