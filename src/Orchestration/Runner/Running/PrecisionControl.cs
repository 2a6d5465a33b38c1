namespace Testbed.Orchestration.Running;

/// <summary>
/// What the runner needs to add rounds for precision targets: how precise each scenario's headline
/// is so far, read from the run folder by the analysis (the build wires
/// <c>AnalysisTargets.HeadlinePrecision</c>: Orchestration does not reference Analysis), and when
/// the time budget began (RunScenario's start: cluster ready, wire measurements and repetitions count).
/// </summary>
/// <param name="Read">The run folder in, one reading per scenario out; cheap (status and records only), since it runs after every round.</param>
public sealed record PrecisionControl(Func<string, IReadOnlyList<HeadlinePrecision>> Read, DateTimeOffset BudgetStart)
{
    /// <summary>The clock rounds and the budget are timed by (tests give a manual one).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
