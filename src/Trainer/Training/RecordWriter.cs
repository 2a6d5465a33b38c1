using System.Text;
using System.Text.Json;

namespace Testbed.Trainer.Training;

/// <summary>
/// Appends records as JSON Lines, `type` first, flushed per line so a crashed worker's file
/// still holds every finished epoch. Numbers are invariant by construction (Utf8JsonWriter).
/// </summary>
public sealed class RecordWriter : IDisposable
{
    private readonly StreamWriter? _writer;

    public RecordWriter(string? path)
    {
        if (path is null)
        {
            return;
        }

        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        _writer = new StreamWriter(path, append: true, new UTF8Encoding(false)) { NewLine = "\n" };
    }

    public void Write(EpochRecord r) => WriteLine(w =>
    {
        w.WriteString("type", r.Type);
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
        Common(w, r.Rank, r.WorldSize, r.Host, r.Threads, r.TimestampUtc);
    });

    public void Write(FinalRecord r) => WriteLine(w =>
    {
        w.WriteString("type", r.Type);
        w.WriteNumber("epochs", r.Epochs);
        w.WriteNumber("totalSeconds", Math.Round(r.TotalSeconds, 3));
        w.WriteNumber("timeToFirstStepSeconds", Math.Round(r.TimeToFirstStepSeconds, 3));
        NumberOrNull(w, "testLoss", r.TestLoss);
        NumberOrNull(w, "testAccuracy", r.TestAccuracy);
        w.WriteString("weightsHash", r.WeightsHash);
        Common(w, r.Rank, r.WorldSize, r.Host, r.Threads, r.TimestampUtc);
    });

    private static void Common(Utf8JsonWriter w, int rank, int worldSize, string host, int threads, DateTime timestampUtc)
    {
        w.WriteNumber("rank", rank);
        w.WriteNumber("worldSize", worldSize);
        w.WriteString("host", host);
        w.WriteNumber("threads", threads);
        w.WriteString("timestampUtc", timestampUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void NumberOrNull(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Math.Round(v, 6));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private void WriteLine(Action<Utf8JsonWriter> body)
    {
        if (_writer is null)
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        _writer.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        _writer.Flush();
    }

    public void Dispose() => _writer?.Dispose();
}
