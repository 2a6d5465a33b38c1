using Spectre.Console;

namespace Testbed.Orchestration.Progress;

/// <summary>Reports to a Spectre console: a spinner with live text on terminals, plain lines in CI logs.</summary>
public sealed class ConsoleReporter(IAnsiConsole console) : IReporter
{
    public void Info(string message) => console.MarkupLine($"  {Markup.Escape(message)}");

    public void Warn(string message) => console.MarkupLine($"  [yellow]warning:[/] {Markup.Escape(message)}");

    public void Skip(string message) => console.MarkupLine($"  [grey]{Markup.Escape(message)}[/]");

    public async Task<T> ProgressAsync<T>(string description, Func<Action<string>, Task<T>> work)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            // CI logs: one line at the start, and a line for each update that says something new.
            console.MarkupLine($"  {Markup.Escape(description)} ...");
            var last = "";
            return await work(text =>
            {
                if (text == last) return;
                last = text;
                console.MarkupLine($"    [grey]{Markup.Escape(text)}[/]");
            });
        }
        return await console.Status().Spinner(Spinner.Known.Dots).StartAsync(Markup.Escape(description), context =>
            work(text => context.Status($"{Markup.Escape(description)} [grey]{Markup.Escape(Truncate(text))}[/]")));
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
