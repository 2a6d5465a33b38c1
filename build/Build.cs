using Testbed.BuildKit;
using Testbed.Orchestration;
using Testbed.Orchestration.Host;
using Testbed.Orchestration.Progress;
using Testbed.Orchestration.Runner;

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
    static Task OnNodes(Func<Task> work) => OnNodes(async () =>
    {
        await work();
        return true;
    });

    /// <inheritdoc cref="OnNodes(Func{Task})"/>
    static async Task<T> OnNodes<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception e) when (RunnerDoor.NodeFailureOf(e) is { } failure)
        {
            throw failure.BadInput ? new UsageException(failure.Message) : new BuildFailedException(failure.Message);
        }
    }

    /// <summary>Work whose bad input (a front door's <see cref="BadInputException"/>) ends with its message and exit code 2.</summary>
    static T AsUsage<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (BadInputException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <inheritdoc cref="AsUsage{T}(Func{T})"/>
    static Task AsUsageAsync(Func<Task> work) => AsUsageAsync(async () =>
    {
        await work();
        return true;
    });

    /// <inheritdoc cref="AsUsage{T}(Func{T})"/>
    static async Task<T> AsUsageAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (BadInputException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>Runs the dotnet CLI, echoing its output, and fails the target when it fails.</summary>
    Task Dotnet(params string[] arguments) => DotnetCli.RunAsync(arguments, RootDirectory, line => Console.WriteLine("  " + line), CancellationToken);
}

enum Configuration { Debug, Release }
