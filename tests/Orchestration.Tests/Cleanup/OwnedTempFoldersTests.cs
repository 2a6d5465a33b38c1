using Testbed.Orchestration.Processes;

namespace Testbed.Orchestration.Tests.Cleanup;

/// <summary>
/// A driver killed with SIGKILL leaves its engine-tunnel and token folders in the temp folder; the
/// next run and Teardown remove those whose owner no longer runs, and never a running driver's.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class OwnedTempFoldersTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("owned-folders-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Make(string kind, ProcessIdentity owner)
    {
        var path = Path.Combine(_root, OwnedTempFolders.Prefix(kind, owner) + "a1b2c3");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "engine.sock"), "");
        return path;
    }

    [Fact]
    public void A_folder_made_here_names_this_process_as_its_owner()
    {
        var folder = OwnedTempFolders.Create(OwnedTempFolders.SecretKind);
        try
        {
            Assert.Equal(ProcessIdentity.Current, OwnedTempFolders.OwnerOf(Path.GetFileName(folder)));
            Assert.True(ProcessIdentity.Current.IsRunning);
            Assert.StartsWith(Path.GetTempPath(), folder);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [Fact]
    public void Folders_of_dead_owners_go_a_running_owners_stay()
    {
        var me = ProcessIdentity.Current;
        // No process has this pid (above any pid_max); and this process's pid with another start time is what a reused pid looks like.
        var gone = Make(OwnedTempFolders.EngineKind, new ProcessIdentity(999_999_999, 12));
        var reused = Make(OwnedTempFolders.SecretKind, me with { StartTicks = me.StartTicks + 1 });
        var live = Make(OwnedTempFolders.EngineKind, me);

        var (removed, problems) = OwnedTempFolders.RemoveOrphans(_root);

        Assert.Equal(new[] { gone, reused }.Order(StringComparer.Ordinal), removed);
        Assert.Empty(problems);
        Assert.False(Directory.Exists(gone));
        Assert.False(Directory.Exists(reused));
        Assert.True(File.Exists(Path.Combine(live, "engine.sock")));
    }

    [Fact]
    public void Folders_without_an_owner_in_their_name_are_never_touched()
    {
        // Made before owners were recorded, or by something else: whether their owner runs is unknown.
        var old = Directory.CreateDirectory(Path.Combine(_root, "testbed-engine-Xy12ab")).FullName;
        var other = Directory.CreateDirectory(Path.Combine(_root, "testbed-results-1-2-abc")).FullName;

        var (removed, _) = OwnedTempFolders.RemoveOrphans(_root);

        Assert.Empty(removed);
        Assert.True(Directory.Exists(old));
        Assert.True(Directory.Exists(other));
    }

    [Fact]
    public void The_sweep_says_which_folders_it_removed()
    {
        var gone = Make(OwnedTempFolders.SecretKind, new ProcessIdentity(999_999_998, 7));
        var reporter = new LinesReporter();

        Assert.Equal(1, OwnedTempFolders.Sweep(reporter, _root));
        Assert.Equal([$"Removed 1 folder(s) of drivers that no longer run (killed before they could clean up): {gone}"], reporter.Lines);

        Assert.Equal(0, OwnedTempFolders.Sweep(reporter, _root));
        Assert.Equal("No folders of dead drivers in the temp folder", reporter.Lines[^1]);
    }

    private sealed class LinesReporter : IReporter
    {
        public List<string> Lines { get; } = [];
        public void Info(string message) => Lines.Add(message);
        public void Warn(string message) => Lines.Add(message);
        public void Skip(string message) => Lines.Add(message);
        public Task<T> ProgressAsync<T>(string description, Func<Action<string>, Task<T>> work) => work(_ => { });
    }
}
