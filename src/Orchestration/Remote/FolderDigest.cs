using System.Globalization;
using System.Security.Cryptography;

namespace Testbed.Orchestration.Cluster;

/// <summary>One file of a folder: its path inside the folder, size and SHA-256.</summary>
public sealed record DigestEntry(string Path, long Bytes, string Sha256);

/// <summary>
/// What a folder on a node holds, file by file (size and SHA-256), read there before it is
/// copied, so the copy here can be verified before anything on the node is removed.
/// </summary>
public sealed record FolderDigest(IReadOnlyList<DigestEntry> Files)
{
    public long Bytes => Files.Sum(f => f.Bytes);

    /// <summary>The node-side script: one line per file, "&lt;bytes&gt; &lt;sha256&gt; &lt;path&gt;"; fails when the folder is missing.</summary>
    public static string Script(string directory) =>
        $"cd {ShellQuote.Quote(directory)} && find . -type f -exec sh -c " +
        "'for f; do s=$(stat -c %s \"$f\") && h=$(sha256sum \"$f\") && echo \"$s ${h%% *} ${f#./}\" || exit 1; done' _ {} +";

    public static FolderDigest Parse(string output) => new(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => line.Split(' ', 3))
        .Where(parts => parts.Length == 3 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        .Select(parts => new DigestEntry(parts[2], long.Parse(parts[0], CultureInfo.InvariantCulture), parts[1]))
        .ToList());

    /// <summary>Every file that is missing here or differs (size, then SHA-256) from the node's; empty when the copy is whole.</summary>
    public IReadOnlyList<string> Mismatches(string localDirectory)
    {
        var problems = new List<string>();
        foreach (var file in Files)
        {
            var local = new FileInfo(System.IO.Path.Combine(localDirectory, file.Path));
            if (!local.Exists) problems.Add($"{file.Path} is missing");
            else if (local.Length != file.Bytes) problems.Add($"{file.Path} has {local.Length} bytes, not {file.Bytes}");
            else if (Sha256Of(local.FullName) != file.Sha256) problems.Add($"{file.Path} differs (SHA-256)");
        }
        return problems;
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
