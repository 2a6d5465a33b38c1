namespace Testbed.Records.Tests;

[Trait("Tier", "Unit")]
public sealed class WorkerRecordFileTests : IDisposable
{
    private static readonly DateTimeOffset Time = new(2026, 11, 28, 8, 15, 3, 123, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("records-").FullName;

    private string File0 => Path.Combine(_directory, "worker-0.jsonl");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static EpochRecord Epoch(int epoch, long sent, long received) =>
        new(epoch, 2, 70, 10, 140, 100, 39, 1, sent, received, 2.1, 0.3, 0, 3, "vm", 1, Time);

    private static readonly FinalRecord Final = new(2, 21.5, 1.5, 0.9, 0.7, "sha256:ab", 0, 3, "vm", 1, Time);

    [Fact]
    public void What_the_writer_wrote_reads_back_equal_in_epoch_order_with_totals()
    {
        File.WriteAllLines(File0, [RecordJson.Line(Epoch(2, 50, 60)), RecordJson.Line(Epoch(1, 100, 90)), RecordJson.Line(Final)]);

        var records = WorkerRecordFile.Read(File0, RecordReading.Strict);

        Assert.Equal([Epoch(1, 100, 90), Epoch(2, 50, 60)], records.Epochs);
        Assert.Equal(Final, records.Final);
        Assert.Equal(2, records.EpochsDone);
        Assert.Equal(150, records.BytesSent);
        Assert.Equal(150, records.BytesReceived);
    }

    [Fact]
    public void Live_reading_skips_the_half_written_line_and_a_missing_file_is_empty()
    {
        File.WriteAllText(File0, RecordJson.Line(Epoch(1, 100, 90)) + "\n" + """{"type":"epoch","epo""");

        Assert.Equal(1, WorkerRecordFile.Read(File0, RecordReading.Live).EpochsDone);
        Assert.Null(WorkerRecordFile.Read(File0, RecordReading.Live).Final);
        Assert.Same(WorkerRecordFile.Empty, WorkerRecordFile.Read(File0 + ".none", RecordReading.Live));
    }

    [Fact]
    public void Strict_reading_names_the_line_that_is_not_json()
    {
        File.WriteAllText(File0, RecordJson.Line(Epoch(1, 100, 90)) + "\n" + """{"type":"epoch","epo""");

        var e = Assert.Throws<RecordFormatException>(() => WorkerRecordFile.Read(File0, RecordReading.Strict));

        Assert.Equal(2, e.Line);
        Assert.StartsWith("line 2: expected one JSON object per line", e.Problem);
        Assert.Contains(File0, e.Message);
    }

    [Fact]
    public void Strict_reading_names_a_missing_field_instead_of_reading_zero()
    {
        File.WriteAllText(File0, """{"type":"epoch","epoch":1}""" + "\n");

        var e = Assert.Throws<RecordFormatException>(() => WorkerRecordFile.Read(File0, RecordReading.Strict));

        Assert.StartsWith("line 1: expected an epoch record", e.Problem);
        Assert.Contains("epochs", e.Problem);
    }

    [Fact]
    public void Record_types_a_later_trainer_adds_are_left_alone()
    {
        File.WriteAllLines(File0, [RecordJson.Line(Epoch(1, 1, 1)), """{"type":"checkpoint","epoch":1}"""]);

        Assert.Single(WorkerRecordFile.Read(File0, RecordReading.Strict).Epochs);
    }
}
