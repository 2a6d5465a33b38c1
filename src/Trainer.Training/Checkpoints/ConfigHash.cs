using System.Security.Cryptography;
using System.Text;

namespace Testbed.Trainer.Checkpoints;

/// <summary>
/// The identity of a run's settings (<c>RunConfig</c>): the SHA-256 of the key-ordered "key=value" lines.
/// A checkpoint keeps the settings and this hash: reading one checks them against each other, and
/// resuming compares it with the current run's. Here, beside the checkpoints, so that reading one
/// needs nothing of the worker loop that writes it.
/// </summary>
public static class ConfigHash
{
    public static string Of(IReadOnlyDictionary<string, string> config)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in config.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('=').Append(value).Append('\n');
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
