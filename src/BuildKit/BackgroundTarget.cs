using System.Diagnostics;
using Spectre.Console;

namespace Testbed.BuildKit;

/// <summary>
/// A target started in the background: its task, and the console that holds its output (plain
/// text, as in a CI log) until the executor prints it whole.
/// </summary>
internal sealed class BackgroundTarget
{
    private readonly StringWriter _held;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private BackgroundTarget(TargetDefinition target, int index, StringWriter held, Task<TargetOutcome> task)
    {
        Target = target;
        Index = index;
        _held = held;
        Task = task;
    }

    public TargetDefinition Target { get; }

    /// <summary>Its place in the plan, where its row goes in the summary.</summary>
    public int Index { get; }

    public Task<TargetOutcome> Task { get; }

    public bool Reported { get; set; }

    public TimeSpan Elapsed => _clock.Elapsed;

    public string HeldOutput => _held.ToString();

    public static BackgroundTarget Start(TargetDefinition target, int index, int width, CancellationToken cancellation)
    {
        var held = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(held),
        });
        console.Profile.Width = width;
        var task = System.Threading.Tasks.Task.Run(() =>
        {
            BackgroundFlow.Enter(console, cancellation);
            return TargetExecutor.RunActionsAsync(target, console, cancellation);
        }, CancellationToken.None);
        return new BackgroundTarget(target, index, held, task);
    }
}
