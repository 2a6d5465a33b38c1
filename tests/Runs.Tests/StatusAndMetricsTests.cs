namespace Testbed.Runs.Tests;

[Trait("Tier", "Unit")]
public sealed class StatusAndMetricsTests : IDisposable
{
    private readonly string _repetition = Directory.CreateTempSubdirectory("testbed-contract-").FullName;

    public void Dispose() => Directory.Delete(_repetition, recursive: true);

    [Fact]
    public void A_status_reads_back_equal_and_a_null_exit_code_stays_null()
    {
        var status = new RepetitionStatus
        {
            Scenario = "smoke", Mode = Mode.Native, Repetition = 3, Warmup = false, Status = RepetitionOutcome.Incomplete,
            StartedUtc = DateTimeOffset.UnixEpoch, EndedUtc = DateTimeOffset.UnixEpoch.AddSeconds(5), DurationSeconds = 5,
            Workloads = [new WorkloadStatus("smoke", [new WorkerStatus(0, "node-1", null, null, null, ["last"])])],
            Error = "interrupted",
        };
        status.Write(_repetition);

        var read = RepetitionStatus.Read(_repetition);

        Assert.Equal(status with { Workloads = read.Workloads }, read);
        Assert.Null(read.Workloads[0].Workers[0].ExitCode);
        Assert.Contains("\"status\": \"incomplete\"", File.ReadAllText(Path.Combine(_repetition, RunLayout.StatusFile)));
    }

    [Fact]
    public void A_status_without_its_workloads_is_an_error_naming_the_field()
    {
        File.WriteAllText(Path.Combine(_repetition, RunLayout.StatusFile),
            """
            {"scenario":"s","mode":"native","repetition":0,"warmup":false,"status":"succeeded",
             "startedUtc":"2026-11-28T08:00:00Z","endedUtc":"2026-11-28T08:00:01Z","durationSeconds":1}
            """);

        var error = Assert.Throws<RunFormatException>(() => RepetitionStatus.Read(_repetition));

        Assert.Contains("workloads", error.Message);
    }

    [Fact]
    public void A_metrics_row_written_is_the_row_read_with_invariant_numbers()
    {
        var sample = new MetricSample(new DateTimeOffset(2026, 11, 28, 8, 15, 1, 250, TimeSpan.Zero), 1.25, "w1", 2, "node-3", 97.5, 412_345_678, 123, 456);
        var path = Path.Combine(_repetition, RunLayout.MetricsFile);
        File.WriteAllLines(path, [MetricsCsv.Header, MetricsCsv.Row(sample)]);

        Assert.Equal("2026-11-28T08:15:01.250Z,1.250,w1,2,node-3,97.5,412345678,123,456,,,,,,", MetricsCsv.Row(sample));
        Assert.Equal(sample, MetricsCsv.Read(path).Single());
    }

    [Fact]
    public void A_missing_cpu_or_memory_reading_is_an_empty_cell_and_reads_back_as_missing_not_zero()
    {
        var sample = new MetricSample(DateTimeOffset.UnixEpoch, 1, "w1", 0, "node-1", null, null, 0, 0);
        var path = Path.Combine(_repetition, RunLayout.MetricsFile);
        File.WriteAllLines(path, [MetricsCsv.Header, MetricsCsv.Row(sample)]);

        Assert.Equal("1970-01-01T00:00:00.000Z,1.000,w1,0,node-1,,,0,0,,,,,,", MetricsCsv.Row(sample));
        var read = MetricsCsv.Read(path).Single();
        Assert.Null(read.CpuPercent);
        Assert.Null(read.MemoryBytes);
    }

    [Fact]
    public void Wire_bytes_round_trip_and_a_file_from_before_them_reads_them_as_missing()
    {
        var sample = new MetricSample(DateTimeOffset.UnixEpoch, 1, "w1", 0, "node-1", 50, 1, 10, 20) { WireRxBytes = 11, WireTxBytes = 22 };
        var path = Path.Combine(_repetition, RunLayout.MetricsFile);
        File.WriteAllLines(path, [MetricsCsv.Header, MetricsCsv.Row(sample)]);
        Assert.Equal(sample, MetricsCsv.Read(path).Single());

        File.WriteAllLines(path,
            ["timestamp_utc,elapsed_seconds,workload,rank,node,cpu_percent,memory_bytes,net_rx_bytes,net_tx_bytes",
            "1970-01-01T00:00:00.000Z,1.000,w1,0,node-1,50.0,1,10,20"]);
        var old = MetricsCsv.Read(path).Single();
        Assert.Null(old.WireRxBytes);
        Assert.Equal(10, old.NetRxBytes);
    }

    [Fact]
    public void Throttling_and_page_fault_counters_round_trip_and_a_file_from_before_them_reads_them_as_missing()
    {
        var sample = new MetricSample(DateTimeOffset.UnixEpoch, 1, "w1", 0, "node-1", 50, 1, 10, 20)
        {
            CpuPeriods = 1_000, CpuThrottledPeriods = 37, CpuThrottledSeconds = 1.234567, PageFaults = 123_456,
        };
        var path = Path.Combine(_repetition, RunLayout.MetricsFile);
        File.WriteAllLines(path, [MetricsCsv.Header, MetricsCsv.Row(sample)]);
        Assert.EndsWith(",1000,37,1.234567,123456", MetricsCsv.Row(sample));
        Assert.Equal(sample, MetricsCsv.Read(path).Single());

        File.WriteAllLines(path,
            ["timestamp_utc,elapsed_seconds,workload,rank,node,cpu_percent,memory_bytes,net_rx_bytes,net_tx_bytes,wire_rx_bytes,wire_tx_bytes",
            "1970-01-01T00:00:00.000Z,1.000,w1,0,node-1,50.0,1,10,20,,"]);
        var old = MetricsCsv.Read(path).Single();
        Assert.Null(old.CpuPeriods);
        Assert.Null(old.CpuThrottledPeriods);
        Assert.Null(old.CpuThrottledSeconds);
        Assert.Null(old.PageFaults);
    }

    [Fact]
    public void A_metrics_file_missing_a_column_names_it()
    {
        var path = Path.Combine(_repetition, RunLayout.MetricsFile);
        File.WriteAllLines(path, ["timestamp_utc,elapsed_seconds,workload,rank,node,cpu_percent,memory_bytes,net_rx_bytes"]);

        var error = Assert.Throws<RunFormatException>(() => MetricsCsv.Read(path));

        Assert.Contains("net_tx_bytes", error.Message);
    }

    [Fact]
    public void Layout_names_repetition_folders_and_worker_files_as_the_readme_draws_them()
    {
        Assert.Equal(Path.Combine("runs", "thesis-dual", "container", "rep-4"), RunLayout.RepetitionPath("thesis-dual", Mode.Container, 4));
        Assert.Equal(Path.Combine("w2", "worker-1.jsonl"), RunLayout.WorkerRecords("w2", 1));
        Assert.Equal(Path.Combine("w2", "worker-1.log"), RunLayout.WorkerLog("w2", 1));
        Assert.Equal("20261129T100503Z-abcdef0", RunLayout.RunId(new DateTimeOffset(2026, 11, 29, 10, 5, 3, TimeSpan.Zero), "abcdef0123456"));
    }

    [Fact]
    public void A_new_run_folder_never_reuses_an_existing_one()
    {
        var at = DateTimeOffset.UtcNow;
        var first = RunLayout.CreateRunFolder(_repetition, at, "abcdef0");
        var second = RunLayout.CreateRunFolder(_repetition, at, "abcdef0");

        Assert.NotEqual(first, second);
        Assert.EndsWith("-2", second);
    }
}
