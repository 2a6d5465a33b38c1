using System.Text.Json;

namespace Testbed.Orchestration.Results;

/// <summary>What the orchestration reads back from a worker's JSON Lines records.</summary>
public sealed record WorkerRecords(int EpochsDone, double? TimeToFirstStepSeconds, string? WeightsHash)
{
    public static WorkerRecords Read(string path)
    {
        if (!File.Exists(path)) return new WorkerRecords(0, null, null);
        var epochs = 0;
        double? firstStep = null;
        string? hash = null;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                switch (root.TryGetProperty("type", out var type) ? type.GetString() : null)
                {
                    case "epoch":
                        epochs = Math.Max(epochs, root.TryGetProperty("epoch", out var e) ? e.GetInt32() : epochs + 1);
                        break;
                    case "final":
                        firstStep = root.TryGetProperty("timeToFirstStepSeconds", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : null;
                        hash = root.TryGetProperty("weightsHash", out var h) ? h.GetString() : null;
                        break;
                }
            }
            catch (JsonException)
            {
                // The worker is writing this line right now.
            }
        }
        return new WorkerRecords(epochs, firstStep, hash);
    }
}
