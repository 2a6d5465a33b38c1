namespace Testbed.BuildKit.Tests;

/// <summary>
/// One test's root for a sample build (a temporary folder with NUKE's .nuke marker, removed at the
/// end), and a way to run a build there and read what it printed.
/// </summary>
internal sealed class SampleBuildRoot : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("buildkit-root-").FullName;

    public SampleBuildRoot() => Directory.CreateDirectory(Path.Combine(Folder, ".nuke"));

    public async Task<(int ExitCode, string Output, TBuild Build)> RunAsync<TBuild>(string defaultTarget, params string[] args)
        where TBuild : BuildBase, new()
    {
        var console = new RecordingConsole();
        var build = new TBuild { RootDirectory = AbsolutePath.From(Folder), Console = console.Console };
        // A build that never ends (a background target nobody stops or waits for) fails its test instead of hanging the run.
        var exitCode = await BuildRunner.RunAsync(build, args, defaultTarget, environment: []).WaitAsync(TimeSpan.FromSeconds(60));
        return (exitCode, console.Text, build);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
