using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Running;

/// <summary>
/// The runner's account of every scenario's rounds: how many ran, how long each took (from the
/// start of its first repetition to the end of its last, the gaps between them included), each
/// mode's next repetition index, and the precision rule's last decision, which the manifest records.
/// </summary>
internal sealed class RoundBook
{
    private readonly RunPlan _plan;
    private readonly Dictionary<string, SortedDictionary<int, double>> _seconds = [];
    private readonly Dictionary<(string, Mode), int> _next = [];
    private readonly Dictionary<string, PrecisionDecision> _decisions = [];

    public RoundBook(RunPlan plan)
    {
        _plan = plan;
        foreach (var experiment in plan.Experiments) _seconds[experiment.Name] = [];
        foreach (var repetition in plan.Repetitions)
        {
            _next[(repetition.Experiment.Name, repetition.Mode)] = Math.Max(_next.GetValueOrDefault((repetition.Experiment.Name, repetition.Mode)),
                repetition.Index + 1);
        }
    }

    /// <summary>A repetition ended <paramref name="took"/> after it started (its share of the manifest's writing included).</summary>
    public void Ran(PlannedRepetition repetition, TimeSpan took)
    {
        if (repetition.Round is not { } round) return;
        // A plan made without its experiments listed (by hand, in a test) still counts its rounds.
        if (!_seconds.TryGetValue(repetition.Experiment.Name, out var rounds)) _seconds[repetition.Experiment.Name] = rounds = [];
        rounds[round] = rounds.GetValueOrDefault(round) + took.TotalSeconds;
    }

    public RoundHistory History(string scenario) => new(_seconds[scenario].Count, [.. _seconds[scenario].Values]);

    /// <summary>The scenario's next round: every mode once, interleaved by its round index.</summary>
    public IReadOnlyList<PlannedRepetition> NextRound(Experiments.Experiment experiment) =>
        RunPlan.Round(experiment, _plan.Modes, _seconds[experiment.Name].Count, mode =>
        {
            var index = _next.GetValueOrDefault((experiment.Name, mode));
            _next[(experiment.Name, mode)] = index + 1;
            return index;
        });

    public void Judged(PrecisionDecision decision) => _decisions[decision.Scenario] = decision;

    public PrecisionStop? StopOf(string scenario) => _decisions.TryGetValue(scenario, out var d) ? d.Stop : null;

    /// <summary>The manifest's precision entry as things stand; null for a plan made without one (tests' plans).</summary>
    public PrecisionEntry? Entry()
    {
        var precision = _plan.Precision;
        if (precision.Scenarios.Count == 0) return null;
        return new PrecisionEntry(precision.Budget?.TotalMinutes, precision.BudgetSource, precision.MinimumRounds, PrecisionPlan.RoundLimit,
            _plan.Experiments.Select(e =>
            {
                var target = precision.For(e.Name);
                var decision = _decisions.GetValueOrDefault(e.Name);
                return new ScenarioPrecisionEntry(e.Name, target.TargetPercent, target.Applied, _seconds[e.Name].Count)
                {
                    Pairs = decision?.Reading?.Pairs ?? 0,
                    HalfWidthPercent = decision?.Reading?.HalfWidthPercent is { } half ? Math.Round(half, 3) : null,
                    Stop = decision?.Stop,
                    Detail = target.NotApplied ?? decision?.Describe(),
                };
            }).ToList());
    }
}
