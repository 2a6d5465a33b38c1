using System.Text.Json;
using Testbed.Trainer.Training;

namespace Testbed.Trainer.Tests.Training;

public sealed class RecordWriterTests
{
    [Fact]
    public void Records_use_exactly_the_field_names_of_the_results_readme_in_order()
    {
        string directory = Directory.CreateTempSubdirectory("records-").FullName;
        string path = Path.Combine(directory, "worker-0.jsonl");
        var time = new DateTime(2026, 11, 28, 8, 15, 3, 123, DateTimeKind.Utc);
        using (var writer = new RecordWriter(path))
        {
            writer.Write(new EpochRecord(3, 12, 70, 15.02, 213.1, 150.2, 55.3, 7.6, 1234567, 1234567, 2.0778, 0.56, 0, 3, "w1-1", 1, time));
            writer.Write(new FinalRecord(12, 150.3, 1.42, null, null, "sha256:9f0c", 1, 3, "w1-1", 1, time));
        }

        string[] lines = File.ReadAllLines(path);
        Assert.Equal(
            "{\"type\":\"epoch\",\"epoch\":3,\"epochs\":12,\"steps\":70,\"seconds\":15.02,\"msPerStep\":213.1,\"computeMs\":150.2,\"allReduceMs\":55.3,\"otherMs\":7.6," +
            "\"bytesSent\":1234567,\"bytesReceived\":1234567,\"loss\":2.0778,\"accuracy\":0.56,\"rank\":0,\"worldSize\":3,\"host\":\"w1-1\",\"threads\":1,\"timestampUtc\":\"2026-11-28T08:15:03.123Z\"}",
            lines[0]);
        using JsonDocument final = JsonDocument.Parse(lines[1]);
        Assert.Equal(
            ["type", "epochs", "totalSeconds", "timeToFirstStepSeconds", "testLoss", "testAccuracy", "weightsHash", "rank", "worldSize", "host", "threads", "timestampUtc"],
            final.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, final.RootElement.GetProperty("testAccuracy").ValueKind);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void The_console_line_looks_like_keras()
    {
        var record = new EpochRecord(3, 12, 70, 15.02, 213.1, 150.2, 55.3, 7.6, 0, 0, 2.0778, 0.56, 0, 3, "w", 1, DateTime.UtcNow);
        Assert.Equal("Epoch 3/12 - 70/70 - 15s 213ms/step - loss: 2.0778 - accuracy: 0.5600", ProgressLine.Format(record));
    }
}
