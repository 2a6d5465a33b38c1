using Spectre.Console;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Progress;

/// <summary>The run display for a console: live bars on a terminal, plain lines in a CI log.</summary>
public static class RunDisplay
{
    public static IRunDisplay For(IAnsiConsole console) =>
        console.Profile.Capabilities.Interactive ? new LiveRunDisplay(console) : new PlainRunDisplay(console);
}
