using System.Diagnostics;
using Spectre.Console;

namespace Testbed.BuildKit;

/// <summary>
/// Runs a plan in order, each target once, with a header and a duration per target. The first
/// failure stops the run; the targets after it are reported as skipped. A target marked
/// <see cref="ITargetDefinition.InBackground"/> runs beside the ones after it (<see cref="BackgroundTarget"/>).
/// </summary>
internal sealed class TargetExecutor(IAnsiConsole console)
{
    public async Task<IReadOnlyList<TargetOutcome>> RunAsync(IReadOnlyList<TargetDefinition> plan, CancellationToken cancellation)
    {
        var outcomes = new TargetOutcome?[plan.Count];
        var background = new List<BackgroundTarget>();
        using var stopBackground = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var stopped = false;
        for (var i = 0; i < plan.Count; i++)
        {
            var target = plan[i];
            // After a failure or Ctrl+C no background work is worth finishing, and waiting for it could be forever.
            if (stopped || cancellation.IsCancellationRequested) await stopBackground.CancelAsync();
            foreach (var running in background.Where(b => !b.Reported && target.DependsOnTarget(b.Target.Name)).ToList())
                stopped |= !await FinishAsync(running, outcomes, waiting: target.Name);
            if (cancellation.IsCancellationRequested || (stopped && !target.Assured))
            {
                outcomes[i] = new TargetOutcome(target.Name, cancellation.IsCancellationRequested ? TargetStatus.Cancelled : TargetStatus.Skipped,
                    TimeSpan.Zero);
                continue;
            }
            if (target.Background && i + 1 < plan.Count && !plan[i + 1].DependsOnTarget(target.Name))
            {
                background.Add(BackgroundTarget.Start(target, i, console.Profile.Width, stopBackground.Token));
                console.MarkupLine($"[grey]{Markup.Escape(target.Name)} runs in the background beside the targets after it; " +
                    "its output follows when it ends[/]");
                continue;
            }

            console.Write(new Rule($"[bold]{Markup.Escape(target.Name)}[/]").LeftJustified().RuleStyle("grey"));
            outcomes[i] = await RunActionsAsync(target, console, cancellation);
            stopped |= outcomes[i]!.Status != TargetStatus.Succeeded;
        }

        // Nothing outlives the plan: after a failure or Ctrl+C the background work is stopped, else waited for.
        if (stopped || cancellation.IsCancellationRequested) await stopBackground.CancelAsync();
        foreach (var running in background.Where(b => !b.Reported)) await FinishAsync(running, outcomes, waiting: null);
        return outcomes.Select(o => o!).ToList();
    }

    /// <summary>Runs a target's actions, then writes its ✔ or ✘ line to <paramref name="output"/>.</summary>
    internal static async Task<TargetOutcome> RunActionsAsync(TargetDefinition target, IAnsiConsole output, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            foreach (var action in target.Actions) await action();
            clock.Stop();
            output.MarkupLine($"[green]✔[/] {Markup.Escape(target.Name)} [grey]({Durations.Format(clock.Elapsed)})[/]");
            return new TargetOutcome(target.Name, TargetStatus.Succeeded, clock.Elapsed);
        }
        catch (Exception e)
        {
            clock.Stop();
            var cancelled = e is OperationCanceledException && cancellation.IsCancellationRequested;
            var message = cancelled ? "cancelled (Ctrl+C, or a target beside it failed)" : Describe(e);
            output.MarkupLine($"[red]✘ {Markup.Escape(target.Name)} failed after {Durations.Format(clock.Elapsed)}:[/] {Markup.Escape(message)}");
            if (e is not (BuildFailedException or OperationCanceledException or UsageException))
                output.WriteException(e, ExceptionFormats.ShortenPaths);
            return new TargetOutcome(target.Name, cancelled ? TargetStatus.Cancelled : TargetStatus.Failed, clock.Elapsed, message,
                BadInput: e is UsageException);
        }
    }

    /// <summary>Waits for a background target, prints what it held, records its outcome; false when it did not succeed.</summary>
    private async Task<bool> FinishAsync(BackgroundTarget running, TargetOutcome?[] outcomes, string? waiting)
    {
        if (waiting is not null && !running.Task.IsCompleted)
        {
            console.MarkupLine($"[grey]{Markup.Escape(waiting)} waits for {Markup.Escape(running.Target.Name)} " +
                $"(in the background for {Durations.Format(running.Elapsed)})[/]");
        }
        var outcome = await running.Task;
        running.Reported = true;
        console.Write(new Rule($"[bold]{Markup.Escape(running.Target.Name)}[/] [grey](ran in the background)[/]").LeftJustified().RuleStyle("grey"));
        console.Write(new Text(running.HeldOutput));
        outcomes[running.Index] = outcome with { Background = true };
        return outcome.Status == TargetStatus.Succeeded;
    }

    private static string Describe(Exception e) => e is AggregateException { InnerExceptions.Count: 1 } a ? Describe(a.InnerExceptions[0]) : e.Message;

    /// <param name="wall">The plan's wall-clock time: with background targets, their durations overlap the others'.</param>
    public void WriteSummary(IReadOnlyList<TargetOutcome> outcomes, TimeSpan wall)
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
            table.AddRow(Markup.Escape(outcome.Name), status + (outcome.Background ? " [grey](in the background)[/]" : ""),
                Durations.Format(outcome.Duration));
        }
        table.AddEmptyRow().AddRow("[bold]Total[/]", outcomes.Any(o => o.Background) ? "[grey]wall clock[/]" : "", $"[bold]{Durations.Format(wall)}[/]");
        console.Write(table);
    }
}
