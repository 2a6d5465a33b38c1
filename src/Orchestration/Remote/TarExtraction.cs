using System.Formats.Tar;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// Unpacks a tar stream that someone else wrote (files fetched from a node, written there by
/// workers) into a folder, as the user running the pipeline, without trusting it: only regular
/// files and folders are made. Symbolic and hard links, devices, FIFOs and anything else are
/// refused (a link could point anywhere on this machine, e.g. a hard link to /etc/passwd, and a
/// later write through it would land there); names that are absolute or climb out with '..' are
/// refused; a path through an existing symbolic link is refused; set-user-id, set-group-id and
/// sticky bits are cleared (a root-owned set-uid copy would run as root). Every refusal and
/// change is in the report, so the caller can say it; nothing is refused silently. It reads with
/// blocking calls: the stream from a node is SSH.NET's, which has no other kind, so the caller runs
/// it on a thread of its own (<see cref="SshStreamThread"/>), and a deadline ends it by closing the
/// channel.
/// </summary>
public static class TarExtraction
{
    private const UnixFileMode SpecialBits = UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.StickyBit;

    public static TarExtractionReport Extract(Stream archive, string targetDirectory)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(targetDirectory));
        Directory.CreateDirectory(root);
        var refused = new List<TarEntryNote>();
        var neutralised = new List<TarEntryNote>();
        int files = 0, directories = 0;
        using (var reader = new TarReader(archive, leaveOpen: true))
        {
            TarEntry? entry;
            while ((entry = Next(reader)) is not null)
            {
                var name = entry.Name;
                var path = root;
                var refusal = Refusal(entry) ?? PathRefusal(root, name, out path);
                if (refusal is not null)
                {
                    refused.Add(new TarEntryNote(name, refusal));
                    continue;
                }
                var mode = entry.Mode & ~SpecialBits;
                if ((entry.Mode & SpecialBits) != 0)
                    neutralised.Add(new TarEntryNote(name, $"mode {Octal(entry.Mode)} had {Describe(entry.Mode & SpecialBits)}; written as {Octal(mode)}"));
                try
                {
                    if (entry.EntryType == TarEntryType.Directory)
                    {
                        if (path == root) continue; // "./": the target itself keeps its own mode
                        Directory.CreateDirectory(path);
                        File.SetUnixFileMode(path, mode | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                        directories++;
                        continue;
                    }
                    WriteFile(entry, path, mode);
                }
                catch (EndOfStreamException e)
                {
                    throw new InvalidDataException($"The archive is damaged or not a tar stream: it ends inside '{name}' ({e.Message})", e);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    refused.Add(new TarEntryNote(name, $"could not be written ({e.Message})"));
                    continue;
                }
                files++;
            }
        }
        // GNU tar pads the archive to a whole record after its end marker: read it, so the far side can finish writing.
        archive.CopyTo(Stream.Null);
        return new TarExtractionReport(files, directories, refused, neutralised);
    }

    private static void WriteFile(TarEntry entry, string path, UnixFileMode mode)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // A regular file there is replaced; CreateNew then never opens whatever else may sit at the path.
        if (File.Exists(path) && new FileInfo(path).LinkTarget is null) File.Delete(path);
        var create = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using (var output = new FileStream(path, create))
        {
            entry.DataStream?.CopyTo(output);
        }
        File.SetUnixFileMode(path, mode | UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetLastWriteTimeUtc(path, entry.ModificationTime.UtcDateTime);
    }

    private static TarEntry? Next(TarReader reader)
    {
        try
        {
            return reader.GetNextEntry(copyData: false);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException or EndOfStreamException)
        {
            throw new InvalidDataException($"The archive is damaged or not a tar stream: {e.Message}", e);
        }
    }

    /// <summary>Why an entry of this type is not extracted, or null for a regular file or folder.</summary>
    private static string? Refusal(TarEntry entry) => entry.EntryType switch
    {
        TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile or TarEntryType.Directory => null,
        TarEntryType.SymbolicLink => $"a symbolic link (to '{entry.LinkName}')",
        TarEntryType.HardLink => $"a hard link (to '{entry.LinkName}')",
        TarEntryType.CharacterDevice or TarEntryType.BlockDevice =>
            $"a device ({entry.EntryType}{(entry is PosixTarEntry posix ? $", {posix.DeviceMajor}:{posix.DeviceMinor}" : "")})",
        TarEntryType.Fifo => "a FIFO",
        _ => $"an entry of type {entry.EntryType}, neither a regular file nor a folder",
    };

    /// <summary>Why a name may not be extracted under <paramref name="root"/>, or null with the path it goes to.</summary>
    private static string? PathRefusal(string root, string name, out string path)
    {
        path = root;
        if (name.Length == 0 || name.Contains('\0')) return "an empty name";
        if (name.StartsWith('/')) return "an absolute path";
        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();
        if (parts.Contains("..")) return "a path with '..' (it could reach outside the target folder)";
        path = parts.Count == 0 ? root : Path.Combine([root, .. parts]);
        if (path != root && !path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return "a path outside the target folder";
        // Nothing this extraction makes is a link, but the target may hold one from elsewhere: never write through it.
        var walked = root;
        foreach (var part in parts)
        {
            walked = Path.Combine(walked, part);
            if (new FileInfo(walked).LinkTarget is not null)
                return $"a path through the symbolic link '{Path.GetRelativePath(root, walked)}' in the target folder";
        }
        return null;
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    private static string Describe(UnixFileMode bits) =>
        string.Join(" and ", new[] { (UnixFileMode.SetUser, "set-user-id"), (UnixFileMode.SetGroup, "set-group-id"), (UnixFileMode.StickyBit, "sticky") }
            .Where(b => bits.HasFlag(b.Item1)).Select(b => b.Item2));
}
