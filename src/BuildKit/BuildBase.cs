using System.Linq.Expressions;
using System.Runtime.InteropServices;
using Spectre.Console;

namespace Testbed.BuildKit;

/// <summary>
/// The base of a build, shaped like NUKE's <c>NukeBuild</c>: <c>Main() => Execute&lt;Build&gt;(x => x.Compile)</c>.
/// Exit codes: 0 all targets succeeded, 1 a target failed or was cancelled, 2 the call was wrong.
/// </summary>
public abstract class BuildBase
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly RoutingConsole _routing;
    private IAnsiConsole _console = AnsiConsole.Console;

    protected BuildBase() => _routing = new RoutingConsole(() => _console);

    /// <summary>The repository root: the nearest folder upwards holding <c>.nuke/</c>.</summary>
    public AbsolutePath RootDirectory { get; internal set; } = FindRoot(Directory.GetCurrentDirectory());

    /// <summary>
    /// Cancelled on Ctrl+C or SIGTERM; targets pass it on and clean up what they made. Inside a
    /// background target it is also cancelled when a target in the foreground fails.
    /// </summary>
    public CancellationToken CancellationToken => BackgroundFlow.Token ?? _cancellation.Token;

    /// <summary>
    /// The console targets write to (a recording one in tests); inside a background target, the
    /// console that holds its output until it ends.
    /// </summary>
    public IAnsiConsole Console { get => _routing; internal set => _console = value; }

    /// <summary>Plain lines printed after the summary, last of all (CI reads the test count there).</summary>
    public List<string> ClosingLines { get; } = [];

    public static int Execute<T>(Expression<Func<T, Target>> defaultTarget) where T : BuildBase, new()
    {
        var build = new T();
        // Logs and pipes get 80 columns by default, which wraps every table row; give them room.
        if (System.Console.IsOutputRedirected) build.Console.Profile.Width = 140;
        var args = Environment.GetCommandLineArgs().Skip(1).ToArray();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => build.RequestCancel(c));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => build.RequestCancel(c));
        return BuildRunner.RunAsync(build, args, NameOf(defaultTarget), environment: null).GetAwaiter().GetResult();
    }

    private int _cancelRequests;

    private void RequestCancel(PosixSignalContext context)
    {
        // The first signal asks the targets to clean up; a second one is left to kill the process.
        if (Interlocked.Increment(ref _cancelRequests) > 1) return;
        context.Cancel = true;
        Console.MarkupLine("[yellow]Cancelling: removing what this build started (press Ctrl+C again to abort at once)...[/]");
        _cancellation.Cancel();
    }

    internal void Cancel() => _cancellation.Cancel();

    private static string NameOf<T>(Expression<Func<T, Target>> expression) =>
        expression.Body is MemberExpression member ? member.Member.Name
            : throw new ArgumentException("The default target must be a property, e.g. x => x.Compile.");

    private static AbsolutePath FindRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            if (Directory.Exists(Path.Combine(directory.FullName, ".nuke"))) return AbsolutePath.From(directory.FullName);
        return AbsolutePath.From(start);
    }
}
