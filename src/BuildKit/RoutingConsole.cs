using Spectre.Console;
using Spectre.Console.Rendering;

namespace Testbed.BuildKit;

/// <summary>
/// The build's console as targets see it: inside a background target the console that holds its
/// output (<see cref="BackgroundFlow"/>), everywhere else the real one. Objects that keep the
/// console they were given (a reporter made once per build) so write to the right place either way.
/// </summary>
internal sealed class RoutingConsole(Func<IAnsiConsole> foreground) : IAnsiConsole
{
    private IAnsiConsole Target => BackgroundFlow.Console ?? foreground();

    public Profile Profile => Target.Profile;

    public IAnsiConsoleCursor Cursor => Target.Cursor;

    public IAnsiConsoleInput Input => Target.Input;

    public IExclusivityMode ExclusivityMode => Target.ExclusivityMode;

    public RenderPipeline Pipeline => Target.Pipeline;

    public void Clear(bool home) => Target.Clear(home);

    public void Write(IRenderable renderable) => Target.Write(renderable);

    public void WriteAnsi(Action<AnsiWriter> action) => Target.WriteAnsi(action);
}
