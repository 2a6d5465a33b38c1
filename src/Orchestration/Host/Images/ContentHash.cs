using System.Security.Cryptography;
using System.Text;

namespace Testbed.Orchestration.Images;

/// <summary>A hash over files' relative paths and contents: the identity of an image layer.</summary>
public static class ContentHash
{
    public static string Of(string root, IEnumerable<string> files, params string[] extra)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var value in extra) hash.AppendData(Encoding.UTF8.GetBytes(value + "\n"));
        var buffer = new byte[1 << 20];
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(root, file) + "\n"));
            using var stream = File.OpenRead(file);
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0) hash.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
