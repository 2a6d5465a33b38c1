using System.Formats.Tar;
using System.Text;
using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Tests.Cluster;

/// <summary>
/// Files fetched from nodes were written there by workers: a crafted archive must not reach
/// outside the run folder, leave links or devices behind, or carry set-id bits; each refusal is said.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class TarExtractionTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("testbed-tar-").FullName;

    private string Target => Path.Combine(_scratch, "target");

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void A_crafted_archive_gets_only_its_regular_files_and_folders_extracted_and_every_other_entry_is_refused_or_neutralised_and_named()
    {
        var archive = Archive(
            new PaxTarEntry(TarEntryType.Directory, "./") { Mode = Mode("755") },
            File("./worker-0.jsonl", "{\"type\":\"epoch\"}\n", "644"),
            new PaxTarEntry(TarEntryType.Directory, "./checkpoints/") { Mode = Mode("700") },
            File("./checkpoints/epoch-1.ckpt", "weights", "600"),
            new PaxTarEntry(TarEntryType.SymbolicLink, "./worker-1.log") { LinkName = "/etc/shadow" },
            new PaxTarEntry(TarEntryType.HardLink, "./passwd") { LinkName = "/etc/passwd" },
            File("../escaped.txt", "outside", "644"),
            File("./checkpoints/../../escaped-too.txt", "outside", "644"),
            File("/tmp/absolute.txt", "outside", "644"),
            new PaxTarEntry(TarEntryType.CharacterDevice, "./null") { DeviceMajor = 1, DeviceMinor = 3, Mode = Mode("666") },
            new PaxTarEntry(TarEntryType.BlockDevice, "./disk") { DeviceMajor = 8, DeviceMinor = 0, Mode = Mode("660") },
            new PaxTarEntry(TarEntryType.Fifo, "./pipe") { Mode = Mode("644") },
            File("./shell", "#!/bin/sh\n", "4755"),
            File("./group-tool", "#!/bin/sh\n", "2755"));

        var report = TarExtraction.Extract(archive, Target);

        // What a worker legitimately writes arrives intact.
        Assert.Equal("{\"type\":\"epoch\"}\n", System.IO.File.ReadAllText(Path.Combine(Target, "worker-0.jsonl")));
        Assert.Equal("weights", System.IO.File.ReadAllText(Path.Combine(Target, "checkpoints", "epoch-1.ckpt")));
        Assert.Equal(4, report.Files);
        Assert.Equal(1, report.Directories);

        // Everything else is refused, by name and with the reason.
        Assert.Equal(
            [
                "'./worker-1.log': a symbolic link (to '/etc/shadow')",
                "'./passwd': a hard link (to '/etc/passwd')",
                "'../escaped.txt': a path with '..' (it could reach outside the target folder)",
                "'./checkpoints/../../escaped-too.txt': a path with '..' (it could reach outside the target folder)",
                "'/tmp/absolute.txt': an absolute path",
                "'./null': a device (CharacterDevice, 1:3)",
                "'./disk': a device (BlockDevice, 8:0)",
                "'./pipe': a FIFO",
            ],
            report.Refused.Select(n => n.ToString()));
        Assert.Equal(["checkpoints", "group-tool", "shell", "worker-0.jsonl"], Directory.EnumerateFileSystemEntries(Target).Select(Path.GetFileName).Order());
        Assert.False(System.IO.File.Exists(Path.Combine(_scratch, "escaped.txt")));
        Assert.False(System.IO.File.Exists(Path.GetFullPath(Path.Combine(Target, "..", "..", "escaped-too.txt"))));
        Assert.False(System.IO.File.Exists("/tmp/absolute.txt") && System.IO.File.ReadAllText("/tmp/absolute.txt") == "outside");

        // Set-id bits are cleared and said; the rest of the mode is kept.
        Assert.Equal(Mode("755"), System.IO.File.GetUnixFileMode(Path.Combine(Target, "shell")));
        Assert.Equal(Mode("755"), System.IO.File.GetUnixFileMode(Path.Combine(Target, "group-tool")));
        Assert.Equal(
            ["'./shell': mode 4755 had set-user-id; written as 0755", "'./group-tool': mode 2755 had set-group-id; written as 0755"],
            report.Neutralised.Select(n => n.ToString()));

        var lines = report.Lines("node-1:/var/lib/testbed/runs/x").ToList();
        Assert.Equal(10, lines.Count);
        Assert.Contains("Refused './worker-1.log': a symbolic link (to '/etc/shadow') (from node-1:/var/lib/testbed/runs/x); not extracted", lines);
    }

    [Fact]
    public void A_symbolic_link_already_in_the_target_folder_is_never_written_through()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_scratch, "outside")).FullName;
        Directory.CreateDirectory(Target);
        Directory.CreateSymbolicLink(Path.Combine(Target, "checkpoints"), outside);
        System.IO.File.CreateSymbolicLink(Path.Combine(Target, "worker-0.log"), Path.Combine(outside, "victim.txt"));

        var report = TarExtraction.Extract(Archive(File("./checkpoints/epoch-1.ckpt", "weights", "600"), File("./worker-0.log", "log", "644")), Target);

        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.Equal(
            ["'./checkpoints/epoch-1.ckpt': a path through the symbolic link 'checkpoints' in the target folder",
                "'./worker-0.log': a path through the symbolic link 'worker-0.log' in the target folder"],
            report.Refused.Select(n => n.ToString()));
    }

    [Fact]
    public void A_cut_or_garbled_archive_fails_with_a_message_naming_the_damage()
    {
        var whole = Archive(File("./worker-0.log", new string('x', 5000), "644")).ToArray();
        var garbled = new byte[1024];
        new Random(7).NextBytes(garbled);

        var cut = Assert.Throws<InvalidDataException>(() => TarExtraction.Extract(new MemoryStream(whole[..3000]), Target));
        var noTar = Assert.Throws<InvalidDataException>(() => TarExtraction.Extract(new MemoryStream(garbled), Target));

        Assert.Contains("damaged or not a tar stream", cut.Message);
        Assert.Contains("damaged or not a tar stream", noTar.Message);
    }

    private static PaxTarEntry File(string name, string content, string mode) =>
        new(TarEntryType.RegularFile, name) { Mode = Mode(mode), DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };

    private static UnixFileMode Mode(string octal) => (UnixFileMode)Convert.ToInt32(octal, 8);

    private static MemoryStream Archive(params TarEntry[] entries)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries) writer.WriteEntry(entry);
        }
        stream.Position = 0;
        return stream;
    }
}
