using System.Text.Json;

namespace Testbed.Records.Tests;

[Trait("Tier", "Unit")]
public sealed class RecordJsonTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 28, 8, 15, 3, 123, TimeSpan.Zero);

    [Fact]
    public void An_epoch_line_has_exactly_the_results_readmes_fields_in_order_with_invariant_numbers()
    {
        var record = new EpochRecord(3, 12, 70, 15.02, 213.1, 150.2, 55.3, 7.6, 1234567, 1234567, 2.0778, 0.56, 0, 3, "w1-1", 1, Time);
        Assert.Equal(
            "{\"type\":\"epoch\",\"epoch\":3,\"epochs\":12,\"steps\":70,\"seconds\":15.02,\"msPerStep\":213.1," +
            "\"computeMs\":150.2,\"allReduceMs\":55.3,\"otherMs\":7.6," +
            "\"bytesSent\":1234567,\"bytesReceived\":1234567,\"loss\":2.0778,\"accuracy\":0.56,\"rank\":0,\"worldSize\":3," +
            "\"host\":\"w1-1\",\"threads\":1,\"timestampUtc\":\"2026-11-28T08:15:03.123Z\"}",
            RecordJson.Line(record));
    }

    [Fact]
    public void A_final_line_has_the_readmes_fields_in_order_and_null_test_metrics_off_the_chief()
    {
        var record = new FinalRecord(12, 150.3, 1.42, null, null, "sha256:9f0c", 1, 3, "w1-1", 1, Time);
        using var json = JsonDocument.Parse(RecordJson.Line(record));
        Assert.Equal(
            ["type", "epochs", "totalSeconds", "timeToFirstStepSeconds", "testLoss", "testAccuracy", "weightsHash", "rank", "worldSize", "host", "threads",
                "timestampUtc",
             "processStartUtc", "ringFormedUtc", "firstStepUtc", "lastStepUtc"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("testAccuracy").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("ringFormedUtc").ValueKind);
    }

    [Fact]
    public void A_final_line_keeps_the_start_up_timeline_and_a_line_without_it_still_reads()
    {
        var record = new FinalRecord(12, 150.3, 1.42, null, null, "sha256:9f0c", 1, 3, "w1-1", 1, Time,
            Time.AddSeconds(-160), Time.AddSeconds(-158), Time.AddSeconds(-157.5), Time.AddSeconds(-2));
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, [RecordJson.Line(record), RecordJson.Line(record).Split(",\"processStartUtc\"")[0] + "}"]);
            var text = File.ReadAllLines(path);
            Assert.Contains("\"ringFormedUtc\":\""
                + Time.AddSeconds(-158).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), text[0]);
            Assert.Equal(record, JsonSerializer.Deserialize<FinalRecord>(text[0], RecordJson.ReadOptions));
            var old = JsonSerializer.Deserialize<FinalRecord>(text[1], RecordJson.ReadOptions)!;
            Assert.Null(old.RingFormedUtc);
            Assert.Equal(record.WeightsHash, old.WeightsHash);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Times_in_other_offsets_are_written_as_utc()
    {
        var local = new DateTimeOffset(2026, 11, 28, 10, 15, 3, 123, TimeSpan.FromHours(2));
        var record = new FinalRecord(1, 1, 1, 0.5, 0.9, "sha256:00", 0, 1, "h", 1, local);
        Assert.Contains("\"timestampUtc\":\"2026-11-28T08:15:03.123Z\"", RecordJson.Line(record));
    }
}
