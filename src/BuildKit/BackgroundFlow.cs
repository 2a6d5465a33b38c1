using Spectre.Console;

namespace Testbed.BuildKit;

/// <summary>
/// What a target running in the background sees in place of the build's console and cancellation:
/// a console that holds its output until it ends (so its lines never land among another target's)
/// and a token the executor cancels when the build stops. Async-local: it follows the background
/// target's own awaits and nothing else, so the targets in the foreground still see the real ones.
/// </summary>
internal static class BackgroundFlow
{
    private static readonly AsyncLocal<Scope?> Current = new();

    public static IAnsiConsole? Console => Current.Value?.Console;

    public static CancellationToken? Token => Current.Value?.Token;

    /// <summary>Called first thing inside the background target's task: from there on, its flow sees these.</summary>
    public static void Enter(IAnsiConsole console, CancellationToken token) => Current.Value = new Scope(console, token);

    private sealed record Scope(IAnsiConsole Console, CancellationToken Token);
}
