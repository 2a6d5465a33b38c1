using System.Security.Cryptography;
using System.Text;

namespace Testbed.Orchestration.Tests.Recovery;

/// <summary>Writes checkpoint files in the trainer's layout (TBCKPT01, header length, JSON header, weights, optimizer state) with small made-up weights.</summary>
internal static class FakeCheckpoint
{
    public static string Write(string directory, int epoch, int weights = 16, int optimizer = 0)
    {
        Directory.CreateDirectory(directory);
        var values = Enumerable.Range(0, weights).Select(i => (float)(epoch + i * 0.5)).ToArray();
        var weightBytes = values.SelectMany(BitConverter.GetBytes).ToArray();
        var hash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(weightBytes));
        var header = Encoding.UTF8.GetBytes($"{{\"epoch\":{epoch},\"configHash\":\"sha256:c\",\"config\":{{}},\"parameters\":[],\"weightCount\":{weights},\"optimizerStateCount\":{optimizer},\"rngState\":\"\",\"weightsHash\":\"{hash}\"}}");
        var path = Path.Combine(directory, $"checkpoint-epoch-{epoch:D3}.tbckpt");
        using var file = File.Create(path);
        file.Write("TBCKPT01"u8);
        file.Write(BitConverter.GetBytes(header.Length));
        file.Write(header);
        file.Write(weightBytes);
        file.Write(new byte[4 * optimizer]);
        return path;
    }
}
