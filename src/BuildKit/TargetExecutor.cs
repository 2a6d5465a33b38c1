using System.Diagnostics;
using Spectre.Console;

namespace Testbed.BuildKit;

/// <summary>
/// Runs a plan in order, each target once, with a header and a duration per target. The first
/// failure stops the run; the targets after it are reported as skipped.
/// </summary>
internal sealed class TargetExecutor(IAnsiConsole console)
{
    public async Task<IReadOnlyList<TargetOutcome>> RunAsync(IReadOnlyList<TargetDefinition> plan, CancellationToken cancellation)
    {
        var outcomes = new List<TargetOutcome>();
        var stopped = false;
        foreach (var target in plan)
        {
            if (cancellation.IsCancellationRequested || (stopped && !target.Assured))
            {
                outcomes.Add(new TargetOutcome(target.Name, cancellation.IsCancellationRequested ? TargetStatus.Cancelled : TargetStatus.Skipped,
                    TimeSpan.Zero));
                continue;
            }

            console.Write(new Rule($"[bold]{Markup.Escape(target.Name)}[/]").LeftJustified().RuleStyle("grey"));
            var clock = Stopwatch.StartNew();
            try
            {
                foreach (var action in target.Actions) await action();
                clock.Stop();
                console.MarkupLine($"[green]✔[/] {Markup.Escape(target.Name)} [grey]({Durations.Format(clock.Elapsed)})[/]");
                outcomes.Add(new TargetOutcome(target.Name, TargetStatus.Succeeded, clock.Elapsed));
            }
            catch (Exception e)
            {
                clock.Stop();
                stopped = true;
                var cancelled = e is OperationCanceledException && cancellation.IsCancellationRequested;
                var message = cancelled ? "cancelled (Ctrl+C)" : Describe(e);
                console.MarkupLine($"[red]✘ {Markup.Escape(target.Name)} failed after {Durations.Format(clock.Elapsed)}:[/] {Markup.Escape(message)}");
                if (e is not (BuildFailedException or OperationCanceledException or UsageException))
                    console.WriteException(e, ExceptionFormats.ShortenPaths);
                outcomes.Add(new TargetOutcome(target.Name, cancelled ? TargetStatus.Cancelled : TargetStatus.Failed, clock.Elapsed, message,
                    BadInput: e is UsageException));
            }
        }
        return outcomes;
    }

    private static string Describe(Exception e) => e is AggregateException { InnerExceptions.Count: 1 } a ? Describe(a.InnerExceptions[0]) : e.Message;

    public void WriteSummary(IReadOnlyList<TargetOutcome> outcomes)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Target").AddColumn("Status").AddColumn(new TableColumn("Duration").RightAligned());
        foreach (var outcome in outcomes)
        {
            var status = outcome.Status switch
            {
                TargetStatus.Succeeded => "[green]succeeded[/]",
                TargetStatus.Failed => "[red]failed[/]",
                TargetStatus.Cancelled => "[yellow]cancelled[/]",
                _ => "[grey]skipped[/]",
            };
            table.AddRow(Markup.Escape(outcome.Name), status, Durations.Format(outcome.Duration));
        }
        var total = TimeSpan.FromTicks(outcomes.Sum(o => o.Duration.Ticks));
        table.AddEmptyRow().AddRow("[bold]Total[/]", "", $"[bold]{Durations.Format(total)}[/]");
        console.Write(table);
    }
}
