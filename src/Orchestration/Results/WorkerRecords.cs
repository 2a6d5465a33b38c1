using System.Text.Json;

namespace Testbed.Orchestration.Results;

/// <summary>What the orchestration reads back from a worker's JSON Lines records.</summary>
/// <param name="BytesSent">All-reduce bytes sent over the epochs recorded so far (the trainer's own counters).</param>
public sealed record WorkerRecords(int EpochsDone, double? TimeToFirstStepSeconds, string? WeightsHash, long BytesSent = 0, long BytesReceived = 0)
{
    public static WorkerRecords Read(string path)
    {
        if (!File.Exists(path)) return new WorkerRecords(0, null, null);
        var epochs = 0;
        long sent = 0, received = 0;
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
                        sent += root.TryGetProperty("bytesSent", out var s) ? s.GetInt64() : 0;
                        received += root.TryGetProperty("bytesReceived", out var r) ? r.GetInt64() : 0;
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
        return new WorkerRecords(epochs, firstStep, hash, sent, received);
    }
}
