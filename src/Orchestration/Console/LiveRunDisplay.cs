using Spectre.Console;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Progress;

/// <summary>A live progress display on terminals: the whole run, and each workload's epochs.</summary>
public sealed class LiveRunDisplay(IAnsiConsole console) : IRunDisplay
{
    public Task RunAsync(Func<IRunProgress, Task> work) =>
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(context => work(new Progress(context, console)));

    private sealed class Progress(ProgressContext context, IAnsiConsole console) : IRunProgress
    {
        private readonly Dictionary<string, ProgressTask> _workloads = [];
        private ProgressTask? _overall;
        private string _repetition = "";

        public void RepetitionStarted(PlannedRepetition repetition, int number, int total, TimeSpan remaining)
        {
            _overall ??= context.AddTask("run", maxValue: total);
            // Rounds added for a precision target make the run longer than planned.
            _overall.MaxValue = total;
            _overall.Value = number - 1;
            _overall.Description = $"[bold]{number}/{total}[/] {Markup.Escape(repetition.Describe())}, about {PlainRunDisplay.Format(remaining)} left";
            foreach (var task in _workloads.Values) task.StopTask();
            _workloads.Clear();
            _repetition = repetition.Describe();
        }

        public void Epoch(string workload, int epoch, int epochs)
        {
            if (!_workloads.TryGetValue(workload, out var task))
                _workloads[workload] = task = context.AddTask($"  {Markup.Escape(workload)}", maxValue: epochs);
            task.Description = $"  {Markup.Escape(workload)} epoch {epoch}/{epochs}";
            task.Value = epoch;
        }

        public void RepetitionEnded(PlannedRepetition repetition, RepetitionOutcome status, TimeSpan took, string? error)
        {
            if (_overall is not null) _overall.Increment(1);
            console.MarkupLine($"{Markup.Escape(_repetition)}: " +
                $"{(status == RepetitionOutcome.Succeeded ? "[green]" : "[red]")}{status.ToString().ToLowerInvariant()}[/] " +
                $"in {took.TotalSeconds:0.0} s{(error is null ? "" : ": " + Markup.Escape(error))}");
        }

        public void Note(string message) => console.MarkupLine($"[yellow]{Markup.Escape(message)}[/]");
    }
}
