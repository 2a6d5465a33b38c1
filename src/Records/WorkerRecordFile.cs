using System.Text.Json;

namespace Testbed.Records;

/// <summary>How a records file is read.</summary>
public enum RecordReading
{
    /// <summary>After the run: every line must be a well-formed record, or <see cref="RecordFormatException"/> says which is not.</summary>
    Strict,

    /// <summary>While the worker runs (progress, monitoring, status): a missing file is empty, lines that do not parse are skipped.</summary>
    Live,
}

/// <summary>Everything one worker's worker-&lt;rank&gt;.jsonl holds; <see cref="Final"/> is null until (unless) it finished.</summary>
public sealed record WorkerRecordFile(IReadOnlyList<EpochRecord> Epochs, FinalRecord? Final)
{
    public static WorkerRecordFile Empty { get; } = new([], null);

    /// <summary>The model a run started with --init-from loaded, with its test metrics (chief only); null otherwise.</summary>
    public LoadedRecord? Loaded { get; init; }

    /// <summary>The name of a worker's records file: the trainer writes it, everyone else finds it by this.</summary>
    public static string FileName(int rank) => $"worker-{rank.ToString(System.Globalization.CultureInfo.InvariantCulture)}.jsonl";

    /// <summary>The highest epoch recorded so far.</summary>
    public int EpochsDone => Epochs.Count == 0 ? 0 : Epochs.Max(e => e.Epoch);

    /// <summary>All-reduce bytes sent over the epochs recorded so far (the trainer's own counters).</summary>
    public long BytesSent => Epochs.Sum(e => e.BytesSent);

    public long BytesReceived => Epochs.Sum(e => e.BytesReceived);

    public static WorkerRecordFile Read(string path, RecordReading reading)
    {
        if (reading == RecordReading.Live && !File.Exists(path)) return Empty;

        // Shared with the writer, which appends while a live reader looks.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var epochs = new List<EpochRecord>();
        FinalRecord? final = null;
        LoadedRecord? loaded = null;
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                switch (TypeOf(line, path, number))
                {
                    case EpochRecord.Type:
                        epochs.Add(Parse<EpochRecord>(line, path, number, "an epoch record"));
                        break;
                    case FinalRecord.Type:
                        final = Parse<FinalRecord>(line, path, number, "a final record");
                        break;
                    case LoadedRecord.Type:
                        loaded = Parse<LoadedRecord>(line, path, number, "a loaded record");
                        break;
                    default:
                        // Record types a later trainer adds are not ours to judge.
                        break;
                }
            }
            catch (RecordFormatException) when (reading == RecordReading.Live)
            {
                // Most likely the line the worker is writing right now.
            }
        }
        return new WorkerRecordFile(epochs.OrderBy(e => e.Epoch).ToList(), final) { Loaded = loaded };
    }

    private static string? TypeOf(string line, string path, int number)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new RecordFormatException(path, number, $"expected a JSON object, found {document.RootElement.ValueKind}.");
            return document.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        }
        catch (JsonException e)
        {
            throw new RecordFormatException(path, number, $"expected one JSON object per line; {e.Message}", e);
        }
    }

    private static T Parse<T>(string line, string path, int number, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(line, RecordJson.ReadOptions)
                ?? throw new RecordFormatException(path, number, $"expected {what}, found null.");
        }
        catch (JsonException e)
        {
            throw new RecordFormatException(path, number, $"expected {what}; {e.Message}", e);
        }
    }
}
