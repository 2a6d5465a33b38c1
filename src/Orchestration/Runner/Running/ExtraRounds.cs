using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Running;

/// <summary>
/// The rounds after every scenario's minimum ones: in passes, each scenario in experiment order is
/// judged on the run folder as it now is (<see cref="PrecisionRule"/>), one line printed per
/// judgement, and given one more round when the rule says so; a scenario that stopped stays stopped
/// (no round of its own can come to change its reading). Ends when a pass adds no round, then says
/// why each scenario stopped. Warm-ups are not repeated.
/// </summary>
internal sealed class ExtraRounds(RunPlan plan, RoundBook book, PrecisionControl control, string runDirectory, IRunProgress progress, Action writeManifest)
{
    public async Task RunAsync(Func<IReadOnlyList<PlannedRepetition>, Task> runRound)
    {
        var last = new Dictionary<string, PrecisionDecision>();
        bool added;
        do
        {
            added = false;
            foreach (var experiment in plan.Experiments)
            {
                if (book.StopOf(experiment.Name) is not null) continue;
                var decision = PrecisionRule.Decide(plan.Precision.For(experiment.Name), Read(experiment.Name), book.History(experiment.Name), BudgetLeft());
                book.Judged(decision);
                last[experiment.Name] = decision;
                writeManifest();
                progress.Note(decision.Describe());
                if (!decision.AddRound) continue;
                await runRound(book.NextRound(experiment));
                added = true;
            }
        }
        while (added);
        var stops = plan.Experiments.Where(e => last.ContainsKey(e.Name))
            .Select(e => $"{e.Name} {last[e.Name].Stop.ToString()!.ToLowerInvariant()} after {book.History(e.Name).Rounds} rounds");
        progress.Note($"Rounds ended, why each scenario stopped: {string.Join("; ", stops)}.");
    }

    private TimeSpan? BudgetLeft() => plan.Precision.Budget is { } budget ? budget - (control.Clock.GetUtcNow() - control.BudgetStart) : null;

    private HeadlinePrecision? Read(string scenario)
    {
        try
        {
            return control.Read(runDirectory).FirstOrDefault(r => r.Scenario == scenario);
        }
        catch (RunFormatException e)
        {
            // Without a reading the rule sees no pair: the scenario stops as failing after 2 rounds rather than running blind.
            progress.Note($"{scenario}: its precision could not be read ({e.Message})");
            return null;
        }
    }
}
