using System.Text.Json;

namespace Testbed.Analysis.Results;

/// <summary>Reads a worker-&lt;rank&gt;.jsonl file: one JSON object per line, told apart by "type".</summary>
internal static class WorkerLogReader
{
    public static WorkerLog Read(string path, int rank, string node)
    {
        if (!File.Exists(path))
            throw new ResultsFormatException(path, $"missing; expected the trainer's JSON Lines records of worker {rank}.");
        var epochs = new List<EpochRecord>();
        FinalRecord? final = null;
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            switch (TypeOf(line, path, lineNumber))
            {
                case "epoch":
                    epochs.Add(ResultsJson.Parse<EpochRecord>(line, path, "an epoch record", lineNumber));
                    break;
                case "final":
                    final = ResultsJson.Parse<FinalRecord>(line, path, "a final record", lineNumber);
                    break;
                default:
                    // Other record types may be added by the trainer later; they are not ours to judge.
                    break;
            }
        }
        return new WorkerLog(rank, node, epochs.OrderBy(e => e.Epoch).ToList(), final);
    }

    private static string? TypeOf(string line, string path, int lineNumber)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new ResultsFormatException(path, $"line {lineNumber}: expected a JSON object, found {doc.RootElement.ValueKind}.");
            return doc.RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;
        }
        catch (JsonException e)
        {
            throw new ResultsFormatException(path, $"line {lineNumber}: expected one JSON object per line; {e.Message}", e);
        }
    }
}
