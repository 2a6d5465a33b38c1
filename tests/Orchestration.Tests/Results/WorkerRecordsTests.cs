using Testbed.Orchestration.Results;

namespace Testbed.Orchestration.Tests.Results;

public sealed class WorkerRecordsTests : IDisposable
{
    private readonly string _file = Path.Combine(Directory.CreateTempSubdirectory("records-").FullName, "worker-0.jsonl");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);

    [Fact]
    public void Epochs_bytes_first_step_and_hash_are_read_and_a_half_written_line_is_ignored()
    {
        File.WriteAllLines(_file,
        [
            """{"type":"epoch","epoch":1,"bytesSent":100,"bytesReceived":90}""",
            """{"type":"epoch","epoch":2,"bytesSent":50,"bytesReceived":60}""",
            """{"type":"final","timeToFirstStepSeconds":1.5,"weightsHash":"sha256:ab"}""",
            """{"type":"epoch","epo""",
        ]);
        var records = WorkerRecords.Read(_file);
        Assert.Equal(new WorkerRecords(2, 1.5, "sha256:ab", 150, 150), records);
    }

    [Fact]
    public void A_missing_file_means_nothing_recorded_yet()
    {
        Assert.Equal(new WorkerRecords(0, null, null), WorkerRecords.Read(_file + ".none"));
    }
}
