using Testbed.Records;
using Testbed.Trainer.Training;

namespace Testbed.Trainer.Tests.Training;

public sealed class RecordWriterTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 28, 8, 15, 3, 123, TimeSpan.Zero);

    [Fact]
    public void Records_are_appended_one_line_each_in_the_contracts_text_and_read_back_equal()
    {
        var directory = Directory.CreateTempSubdirectory("records-").FullName;
        var path = Path.Combine(directory, "worker-0.jsonl");
        var epoch = new EpochRecord(3, 12, 70, 15.02, 213.1, 150.2, 55.3, 7.6, 1234567, 1234567, 2.0778, 0.56, 0, 3, "w1-1", 1, Time);
        var final = new FinalRecord(12, 150.3, 1.42, null, null, "sha256:9f0c", 0, 3, "w1-1", 1, Time);
        using (var writer = new RecordWriter(path))
        {
            writer.Write(epoch);
        }

        // A second writer (a resumed run) appends rather than overwrites.
        using (var writer = new RecordWriter(path))
        {
            writer.Write(final);
        }

        Assert.Equal([RecordJson.Line(epoch), RecordJson.Line(final)], File.ReadAllLines(path));
        var read = WorkerRecordFile.Read(path, RecordReading.Strict);
        Assert.Equal(epoch, Assert.Single(read.Epochs));
        Assert.Equal(final, read.Final);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void A_final_record_without_a_first_step_writes_null_and_reads_back_strictly()
    {
        var directory = Directory.CreateTempSubdirectory("records-").FullName;
        var path = Path.Combine(directory, "worker-0.jsonl");
        var final = new FinalRecord(3, 0.2, null, null, null, "sha256:9f0c", 0, 1, "w1-1", 1, Time);
        using (var writer = new RecordWriter(path))
        {
            writer.Write(final);
        }

        Assert.Contains("\"timeToFirstStepSeconds\":null,", File.ReadAllText(path));
        Assert.Equal(final, WorkerRecordFile.Read(path, RecordReading.Strict).Final);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void The_console_line_looks_like_keras()
    {
        var record = new EpochRecord(3, 12, 70, 15.02, 213.1, 150.2, 55.3, 7.6, 0, 0, 2.0778, 0.56, 0, 3, "w", 1, Time);
        Assert.Equal("Epoch 3/12 - 70/70 - 15s 213ms/step - loss: 2.0778 - accuracy: 0.5600", ProgressLine.Format(record));
    }
}
