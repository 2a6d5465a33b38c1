using System.Diagnostics;
using Testbed.Records.Checkpoints;

namespace Testbed.Records.Tests.Schema;

/// <summary>
/// The Python helper shipped for foreign trainers (trainers/python/testbed_progress.py), run with
/// the host's python3: what it writes follows the published schema line by line and reads back
/// with the analysis's own strict reader; its weights hash is the .NET trainer's definition; bad
/// values fail loudly without leaving a broken line. Integration: it starts python3.
/// </summary>
[Trait("Tier", "Integration")]
public sealed class PythonHelperTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("progress-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private (int ExitCode, string Error) Write(string sampleCase)
    {
        var python = Path.Combine(AppContext.BaseDirectory, "Python");
        var start = new ProcessStartInfo("python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { Path.Combine(python, "write_sample_records.py"), Path.Combine(python, "helper"), _out, sampleCase })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "python3 did not finish within 60 s");
        return (process.ExitCode, error.Result);
    }

    [Fact]
    public void What_the_helper_writes_follows_the_schema_and_reads_back_with_the_analysis_reader()
    {
        var (exitCode, error) = Write("good");
        Assert.True(exitCode == 0, error);

        var expectedHash = CheckpointFormat.WeightsHash(new float[] { 0.5f, -1.25f, 3.0f, 1e-7f, 2.5e6f });
        foreach (var rank in new[] { 0, 1 })
        {
            var path = Path.Combine(_out, WorkerRecordFile.FileName(rank));
            var lines = File.ReadAllLines(path);
            Assert.Equal(3, lines.Length);
            foreach (var line in lines)
            {
                Assert.True(RecordsSchema.Problems(line) == "", $"{path}: {RecordsSchema.Problems(line)}\n{line}");
            }

            var records = WorkerRecordFile.Read(path, RecordReading.Strict);
            Assert.Equal([1, 2], records.Epochs.Select(e => e.Epoch));
            var first = records.Epochs[0];
            Assert.Equal((70, 8.0, 114.286, 60.5, 30.25, 23.536),
                (first.Steps, first.Seconds, first.MsPerStep, first.ComputeMs, first.AllReduceMs, first.OtherMs));
            Assert.Equal((2.3, 0.25, rank, 2, $"w-{rank}", 1), (first.Loss, first.Accuracy, first.Rank, first.WorldSize, first.Host, first.Threads));
            Assert.Equal(11_082_536L * 70 * 2, records.BytesSent);
            Assert.InRange(DateTimeOffset.UtcNow - first.TimestampUtc, TimeSpan.Zero, TimeSpan.FromMinutes(5));

            var final = records.Final!;
            Assert.Equal(expectedHash, final.WeightsHash);
            Assert.Equal((2, 15.5, (double?)1.25), (final.Epochs, final.TotalSeconds, final.TimeToFirstStepSeconds));
            Assert.Equal(rank == 0 ? (0.75, 0.7) : ((double?, double?))(null, null), (final.TestLoss, final.TestAccuracy));
            Assert.NotNull(final.ProcessStartUtc);
            Assert.True(final.ProcessStartUtc <= final.RingFormedUtc, $"process start {final.ProcessStartUtc:o} after ring formed {final.RingFormedUtc:o}");
        }
    }

    [Fact]
    public void A_nan_loss_fails_naming_the_field_and_keeps_only_whole_valid_lines()
    {
        var (exitCode, error) = Write("nan-loss");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("ValueError: loss = nan: expected a finite number.", error);
        var records = WorkerRecordFile.Read(Path.Combine(_out, WorkerRecordFile.FileName(0)), RecordReading.Strict);
        Assert.Equal([1], records.Epochs.Select(e => e.Epoch));
    }

    [Fact]
    public void A_missing_split_is_refused_rather_than_written_as_zero()
    {
        var (exitCode, error) = Write("no-split");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("compute_ms is missing", error);
        Assert.Contains("never write 0 for a value that was not measured", error);
        Assert.Equal(0, new FileInfo(Path.Combine(_out, WorkerRecordFile.FileName(0))).Length);
    }
}
