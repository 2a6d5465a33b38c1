using Testbed.Orchestration.Cleanup;

namespace Testbed.Orchestration.Tests.Cluster;

/// <summary>Files collected late go into a run folder without overwriting anything written there.</summary>
[Trait("Tier", "Unit")]
public sealed class RecoveredFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tbn-recovered-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Missing_files_are_moved_in_identical_ones_dropped_and_a_differing_one_kept_beside()
    {
        var (staging, target) = (Path.Combine(_root, "staging"), Path.Combine(_root, "run"));
        Directory.CreateDirectory(Path.Combine(staging, "rep", "w1"));
        Directory.CreateDirectory(Path.Combine(target, "rep", "w1"));
        File.WriteAllText(Path.Combine(staging, "rep", "w1", "worker-0.jsonl"), "line 1\nline 2\n");
        File.WriteAllText(Path.Combine(staging, "rep", "w1", "worker-1.jsonl"), "same\n");
        File.WriteAllText(Path.Combine(staging, "rep", "w1", "worker-2.jsonl"), "new\n");
        File.WriteAllText(Path.Combine(target, "rep", "w1", "worker-0.jsonl"), "line 1\n"); // the mirror's partial copy
        File.WriteAllText(Path.Combine(target, "rep", "w1", "worker-1.jsonl"), "same\n");

        Assert.Equal(2, RecoveredFiles.Merge(staging, target));

        Assert.False(Directory.Exists(staging));
        Assert.Equal("line 1\nline 2\n", File.ReadAllText(Path.Combine(target, "rep", "w1", "worker-0.jsonl")));
        Assert.Equal("line 1\n", File.ReadAllText(Path.Combine(target, "rep", "w1", "worker-0.jsonl.before-recovery")));
        Assert.Equal("same\n", File.ReadAllText(Path.Combine(target, "rep", "w1", "worker-1.jsonl")));
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(target, "rep", "w1", "worker-2.jsonl")));
        Assert.False(File.Exists(Path.Combine(target, "rep", "w1", "worker-1.jsonl.before-recovery")));
    }
}
