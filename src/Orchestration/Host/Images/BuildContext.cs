using System.Formats.Tar;
using System.Text;

namespace Testbed.Orchestration.Images;

/// <summary>A Docker build context written as a tar file: a Dockerfile and files under a prefix.</summary>
public static class BuildContext
{
    public static async Task<string> WriteAsync(string path, string dockerfile, string sourceRoot, IEnumerable<string> files, string prefix,
        CancellationToken cancellation)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var stream = File.Create(path);
        await using (var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(dockerfile)) };
            await tar.WriteEntryAsync(entry, cancellation);
            foreach (var file in files.Order(StringComparer.Ordinal))
                await tar.WriteEntryAsync(file, prefix + "/" + Path.GetRelativePath(sourceRoot, file), cancellation);
        }
        return path;
    }
}
