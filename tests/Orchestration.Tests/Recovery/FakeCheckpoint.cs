using Testbed.Records.Checkpoints;

namespace Testbed.Orchestration.Tests.Recovery;

/// <summary>Writes checkpoint files with the trainer's own writer (src/Records/Checkpoints) and small made-up weights.</summary>
internal static class FakeCheckpoint
{
    public static string Write(string directory, int epoch, int weights = 16, int optimizer = 0)
    {
        var values = Enumerable.Range(0, weights).Select(i => (float)(epoch + i * 0.5)).ToArray();
        var header = new CheckpointHeader(epoch, "sha256:c", new Dictionary<string, string>(), [], weights, optimizer, [],
            CheckpointFormat.WeightsHash(values));
        return CheckpointWriter.Write(directory, header, values, new float[optimizer]);
    }
}
