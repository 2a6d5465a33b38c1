using System.Security.Cryptography;
using TorchSharp.Modules;

namespace Testbed.Trainer.Model;

/// <summary>SHA-256 over every parameter's float32 bytes in parameter order: equal hashes mean bit-identical weights.</summary>
public static class WeightsHash
{
    public static string Of(IEnumerable<Parameter> parameters)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var parameter in parameters)
        {
            sha.AppendData(parameter.bytes);
        }

        return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The same hash over weights already flattened in parameter order (a checkpoint's).</summary>
    public static string Of(ReadOnlySpan<float> weights) => Records.Checkpoints.CheckpointFormat.WeightsHash(weights);
}
