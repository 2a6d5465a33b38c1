using System.Globalization;
using Spectre.Console;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Progress;

/// <summary>Progress as plain lines, for CI logs and pipes.</summary>
public sealed class PlainRunDisplay(IAnsiConsole console) : IRunDisplay, IRunProgress
{
    private readonly Dictionary<string, int> _shown = [];

    public Task RunAsync(Func<IRunProgress, Task> work) => work(this);

    public void RepetitionStarted(PlannedRepetition repetition, int number, int total, TimeSpan remaining)
    {
        _shown.Clear();
        console.MarkupLine($"  [bold][[{number}/{total}]][/] {Markup.Escape(repetition.Describe())} [grey](about {Format(remaining)} left in all)[/]");
    }

    public void Epoch(string workload, int epoch, int epochs)
    {
        if (_shown.GetValueOrDefault(workload) >= epoch) return;
        _shown[workload] = epoch;
        console.MarkupLine($"      {Markup.Escape(workload)}: epoch {epoch}/{epochs}");
    }

    public void RepetitionEnded(PlannedRepetition repetition, RepetitionOutcome status, TimeSpan took, string? error) =>
        console.MarkupLine($"      {(status == RepetitionOutcome.Succeeded ? "[green]" : "[red]")}{status.ToString().ToLowerInvariant()}[/] " +
            $"in {took.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s{(error is null ? "" : ": " + Markup.Escape(error))}");

    public void Note(string message) => console.MarkupLine($"  [yellow]{Markup.Escape(message)}[/]");

    public static string Format(TimeSpan span) => span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s" : $"{span.Seconds} s";
}
