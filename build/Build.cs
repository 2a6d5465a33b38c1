using Testbed.BuildKit;
using Testbed.Orchestration;
using Testbed.Orchestration.Processes;
using Testbed.Orchestration.Progress;

namespace Testbed.Build;

/// <summary>
/// The Testbed build: provisions the cluster, builds images, runs scenarios, renders reports.
/// One concern per partial file (Build.Provision.cs, Build.Images.cs, Build.Test.cs, ...); the
/// logic lives in src/, so this layer stays thin enough to move to NUKE mechanically.
/// </summary>
partial class Build : BuildBase
{
    public static int Main() => Execute<Build>(x => x.Compile);

    [Parameter("Folder for caches shared by every checkout: runtime rootfs, dockerd log, chroot sessions.")]
    readonly AbsolutePath CacheDir = AbsolutePath.From(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "testbed"));

    [Parameter("Build configuration for Compile and Test.")]
    readonly Configuration Configuration = Configuration.Debug;

    AbsolutePath Solution => RootDirectory / "Testbed.slnx";
    AbsolutePath ArtifactsDirectory => RootDirectory / "artifacts";

    IReporter Reporter => new ConsoleReporter(Console);

    Target Compile => _ => _
        .Description("Builds every project of the solution (src/ and tests/).")
        .Executes(() => Dotnet("build", Solution, "-c", Configuration.ToString(), "-nologo", "-v", "quiet", "-tl:off", "-clp:NoSummary"));

    /// <summary>
    /// Runs cluster work so that the failures a person can act on (an unreachable node, a refused key,
    /// an untrusted host key) end with their message and exit code 2 or 1, never a stack trace.
    /// </summary>
    static async Task OnNodes(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception e) when (Testbed.Orchestration.Cluster.NodeFailure.Of(e) is { } failure)
        {
            throw failure.BadInput ? new UsageException(failure.Message) : new BuildFailedException(failure.Message);
        }
    }

    /// <summary>
    /// Runs the dotnet CLI, echoing its output, and fails the target when it fails. Each call gets a
    /// temp folder of its own, removed after it: dotnet build and publish leave two empty folders in
    /// the temp folder per call (1,300 had gathered in /tmp here).
    /// </summary>
    async Task Dotnet(params string[] arguments)
    {
        var scratch = Directory.CreateTempSubdirectory("testbed-dotnet-");
        try
        {
            await ProcessRunner.RunAsync("dotnet", arguments, TimeSpan.FromMinutes(30), CancellationToken, RootDirectory,
                new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["MSBUILDDISABLENODEREUSE"] = "1", ["TMPDIR"] = scratch.FullName },
                onLine: line => Console.WriteLine("  " + line));
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}

enum Configuration { Debug, Release }
