using System.Security.Cryptography;
using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Tests.Cluster;

/// <summary>The check a download passes before anything on the node is removed.</summary>
[Trait("Tier", "Unit")]
public sealed class FolderDigestTests : IDisposable
{
    private readonly string _local = Directory.CreateTempSubdirectory("tbn-digest-").FullName;

    public void Dispose() => Directory.Delete(_local, recursive: true);

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public void A_whole_copy_matches_and_every_kind_of_damage_is_named()
    {
        byte[] records = "{\"epoch\":1}\n"u8.ToArray(), checkpoint = [1, 2, 3, 4];
        Directory.CreateDirectory(Path.Combine(_local, "checkpoints"));
        File.WriteAllBytes(Path.Combine(_local, "worker-0.jsonl"), records);
        File.WriteAllBytes(Path.Combine(_local, "checkpoints", "epoch 1.ckpt"), checkpoint);
        var digest = FolderDigest.Parse($"{records.Length} {Sha(records)} worker-0.jsonl\n{checkpoint.Length} {Sha(checkpoint)} checkpoints/epoch " +
            $"1.ckpt\nfind: noise\n");

        Assert.Equal(2, digest.Files.Count);
        Assert.Equal(records.Length + checkpoint.Length, digest.Bytes);
        Assert.Empty(digest.Mismatches(_local));

        File.WriteAllBytes(Path.Combine(_local, "worker-0.jsonl"), records[..^1]);
        File.WriteAllBytes(Path.Combine(_local, "checkpoints", "epoch 1.ckpt"), [1, 2, 3, 5]);
        Assert.Equal(["worker-0.jsonl has 11 bytes, not 12", "checkpoints/epoch 1.ckpt differs (SHA-256)"], digest.Mismatches(_local));
        File.Delete(Path.Combine(_local, "worker-0.jsonl"));
        Assert.Contains("worker-0.jsonl is missing", digest.Mismatches(_local));
    }

    [Fact]
    public async Task The_node_side_listing_runs_and_fails_on_a_missing_folder()
    {
        File.WriteAllText(Path.Combine(_local, "a b.txt"), "alpha");
        var listed = await Processes.ProcessRunner.RunAsync("sh", ["-c", FolderDigest.Script(_local)], TimeSpan.FromSeconds(10));
        Assert.Equal(new DigestEntry("a b.txt", 5, Sha("alpha"u8.ToArray())), Assert.Single(FolderDigest.Parse(listed.Output).Files));

        var missing = await Processes.ProcessRunner.RunAsync("sh", ["-c", FolderDigest.Script(Path.Combine(_local, "nope"))], TimeSpan.FromSeconds(10),
            check: false);
        Assert.NotEqual(0, missing.ExitCode);
    }
}
