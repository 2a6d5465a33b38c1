using Testbed.Orchestration.Cleanup;
using Testbed.Orchestration.Progress;

namespace Testbed.Orchestration.Tests.Cleanup;

/// <summary>Clean removes what builds make and nothing a person wrote; the running build's own output stays.</summary>
[Trait("Tier", "Unit")]
public sealed class BuildOutputsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("testbed-clean-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Make(params string[] parts)
    {
        var path = Path.Combine([_root, .. parts]);
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "file"), "x");
        return path;
    }

    [Fact]
    public void Bin_obj_and_artifacts_go_sources_and_build_bin_stay()
    {
        var gone = new[] { Make("src", "Runs", "bin"), Make("src", "Runs", "obj"), Make("tests", "Runs.Tests", "bin"), Make("artifacts") };
        var kept = new[] { Make("src", "Runs", "Manifest"), Make("tests", "Runs.Tests", "Golden"), Make("build", "bin"), Make("results", "run") };
        var reporter = new RecordingReporter();

        BuildOutputs.Remove(reporter, _root, Path.Combine(_root, "artifacts"));

        Assert.All(gone, d => Assert.False(Directory.Exists(d), d));
        Assert.All(kept, d => Assert.True(File.Exists(Path.Combine(d, "file")), d));
        Assert.Equal(["Removed 4 output folder(s); build/bin stays (it is this build)"], reporter.Lines);
    }

    private sealed class RecordingReporter : IReporter
    {
        public List<string> Lines { get; } = [];

        public void Info(string message) => Lines.Add(message);

        public void Warn(string message) => Lines.Add(message);

        public void Skip(string message) => Lines.Add(message);

        public Task<T> ProgressAsync<T>(string description, Func<Action<string>, Task<T>> work) => work(_ => { });
    }
}
