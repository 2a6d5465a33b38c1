using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Testbed.Records;

/// <summary>
/// The exact text of a record line and how it is read back. Written field by field so the order is
/// the README's (type first) and numbers are rounded to what a reader needs; read strictly, so a
/// missing field is an error naming it rather than a silent zero.
/// </summary>
public static class RecordJson
{
    public static JsonSerializerOptions ReadOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static string Line(EpochRecord r) => Object(w =>
    {
        w.WriteString("type", EpochRecord.Type);
        w.WriteNumber("epoch", r.Epoch);
        w.WriteNumber("epochs", r.Epochs);
        w.WriteNumber("steps", r.Steps);
        w.WriteNumber("seconds", Math.Round(r.Seconds, 3));
        w.WriteNumber("msPerStep", Math.Round(r.MsPerStep, 3));
        w.WriteNumber("computeMs", Math.Round(r.ComputeMs, 3));
        w.WriteNumber("allReduceMs", Math.Round(r.AllReduceMs, 3));
        w.WriteNumber("otherMs", Math.Round(r.OtherMs, 3));
        w.WriteNumber("bytesSent", r.BytesSent);
        w.WriteNumber("bytesReceived", r.BytesReceived);
        w.WriteNumber("loss", Math.Round(r.Loss, 6));
        w.WriteNumber("accuracy", Math.Round(r.Accuracy, 6));
        Worker(w, r.Rank, r.WorldSize, r.Host, r.Threads, r.TimestampUtc);
    });

    public static string Line(LoadedRecord r) => Object(w =>
    {
        w.WriteString("type", LoadedRecord.Type);
        w.WriteString("from", r.From);
        w.WriteString("weightsHash", r.WeightsHash);
        NumberOrNull(w, "testLoss", r.TestLoss);
        NumberOrNull(w, "testAccuracy", r.TestAccuracy);
        Worker(w, r.Rank, r.WorldSize, r.Host, r.Threads, r.TimestampUtc);
    });

    public static string Line(FinalRecord r) => Object(w =>
    {
        w.WriteString("type", FinalRecord.Type);
        w.WriteNumber("epochs", r.Epochs);
        w.WriteNumber("totalSeconds", Math.Round(r.TotalSeconds, 3));
        NumberOrNull(w, "timeToFirstStepSeconds", r.TimeToFirstStepSeconds, 3);
        NumberOrNull(w, "testLoss", r.TestLoss);
        NumberOrNull(w, "testAccuracy", r.TestAccuracy);
        w.WriteString("weightsHash", r.WeightsHash);
        Worker(w, r.Rank, r.WorldSize, r.Host, r.Threads, r.TimestampUtc);
        TimeOrNull(w, "processStartUtc", r.ProcessStartUtc);
        TimeOrNull(w, "ringFormedUtc", r.RingFormedUtc);
        TimeOrNull(w, "firstStepUtc", r.FirstStepUtc);
        TimeOrNull(w, "lastStepUtc", r.LastStepUtc);
    });

    private static void TimeOrNull(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v) w.WriteString(name, Time(v));
        else w.WriteNull(name);
    }

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void Worker(Utf8JsonWriter w, int rank, int worldSize, string host, int threads, DateTimeOffset timestamp)
    {
        w.WriteNumber("rank", rank);
        w.WriteNumber("worldSize", worldSize);
        w.WriteString("host", host);
        w.WriteNumber("threads", threads);
        w.WriteString("timestampUtc", Time(timestamp));
    }

    private static void NumberOrNull(Utf8JsonWriter w, string name, double? value, int digits = 6)
    {
        if (value is { } v) w.WriteNumber(name, Math.Round(v, digits));
        else w.WriteNull(name);
    }

    private static string Object(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
