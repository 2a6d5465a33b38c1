using System.Globalization;
using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Planning;

/// <summary>One scenario's target: the headline's half-width asked for, and whether the rule may add rounds for it.</summary>
/// <param name="TargetPercent">Percentage points; null for a fixed count.</param>
/// <param name="NotApplied">Why a target is not applied (too few minimum rounds); null when it is, or when there is none.</param>
public sealed record ScenarioTarget(string Scenario, double? TargetPercent, string? NotApplied = null)
{
    public bool Applied => TargetPercent is not null && NotApplied is null;
}

/// <summary>
/// What precision a run asks for: each scenario's target (--precision, else the experiment's
/// precision), the time budget that bounds the rounds added for it (--time-budget, else the sum of
/// the experiments' timeBudgetMinutes), the minimum rounds every scenario runs first (--repetitions),
/// and the most rounds any scenario may run.
/// </summary>
public sealed record PrecisionPlan(IReadOnlyList<ScenarioTarget> Scenarios, TimeSpan? Budget, string BudgetSource, int MinimumRounds)
{
    /// <inheritdoc cref="Experiment.MostPrecisionPercent"/>
    public const double MostPercent = Experiment.MostPrecisionPercent;

    /// <inheritdoc cref="Experiment.MostBudgetMinutes"/>
    public const double MostBudgetMinutes = Experiment.MostBudgetMinutes;

    /// <summary>The most rounds of one scenario, so nothing runs forever.</summary>
    public const int RoundLimit = 50;

    /// <summary>Below this many minimum rounds the first stage has no spread worth stopping on (and a CI run stays quick and fixed).</summary>
    public const int FewestMinimumRounds = 3;

    public static PrecisionPlan None { get; } = new([], null, "none", 0);

    /// <summary>Whether the rule may add rounds for any scenario.</summary>
    public bool Active => Scenarios.Any(s => s.Applied);

    public ScenarioTarget For(string scenario) => Scenarios.FirstOrDefault(s => s.Scenario == scenario) ?? new ScenarioTarget(scenario, null);

    /// <summary>Resolves targets and budget; adds an error for a target without any budget.</summary>
    /// <param name="precision">--precision: null = each experiment's, 0 = none.</param>
    /// <param name="budgetMinutes">--time-budget: null = the sum of the experiments' timeBudgetMinutes.</param>
    public static PrecisionPlan Create(IReadOnlyList<Experiment> experiments, double? precision, double? budgetMinutes, int minimumRounds,
        List<ValidationError> errors)
    {
        string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        var budgets = experiments.Where(e => e.TimeBudgetMinutes is not null).ToList();
        var (budget, source) = budgetMinutes is { } given
            ? (given, $"--time-budget {N(given)}")
            : budgets.Count > 0
                ? (budgets.Sum(e => e.TimeBudgetMinutes!.Value),
                    $"the experiments' timeBudgetMinutes ({string.Join(" + ", budgets.Select(e => $"{e.Name} {N(e.TimeBudgetMinutes!.Value)}"))})")
                : ((double?)null, "none");
        var notApplied = minimumRounds < FewestMinimumRounds
            ? $"--repetitions {minimumRounds} is below the {FewestMinimumRounds} minimum rounds the rule needs: a fixed count of {minimumRounds} round(s)"
            : null;
        var targets = experiments.Select(e =>
        {
            var target = precision is { } p ? (p == 0 ? null : p) : e.Precision;
            if (target is { } t && budget is null)
            {
                errors.Add(precision is not null
                    ? new ValidationError("--precision", "value", N(t),
                        "a time budget as well: pass --time-budget <minutes> (or set timeBudgetMinutes in " +
                        "the experiment files), or --precision 0 for a fixed count of --repetitions rounds")
                    : new ValidationError(e.File, "precision", N(t),
                        $"a time budget as well: set timeBudgetMinutes in {e.File} or pass --time-budget " +
                        $"<minutes>; or --precision 0 for a fixed count of --repetitions rounds"));
            }
            return new ScenarioTarget(e.Name, target, target is null ? null : notApplied);
        }).ToList();
        return new PrecisionPlan(targets, budget is { } m ? TimeSpan.FromMinutes(m) : null, source, minimumRounds);
    }
}
