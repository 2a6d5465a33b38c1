using System.Diagnostics;
using System.Globalization;
using MathNet.Numerics.Distributions;
using Testbed.Analysis.Stats;
using Testbed.Orchestration.Planning;
using Xunit.Abstractions;

namespace Testbed.Runs.Tests;

/// <summary>
/// Does the headline's interval still cover 95 % when the run stops adding rounds once it looks
/// narrow enough? Simulated with the product's own interval (<see cref="Precision"/>) and rule
/// (<see cref="PrecisionRule"/>): pairs with a known ratio of 1.10, noise on the log ratio of
/// 2, 3.5 and 5 %, normal and Student-t with 5 degrees of freedom, a drift per round that hits
/// both modes (and cancels in the ratio), 5 minimum rounds, a target of ±3 %, a budget of 25
/// rounds, fixed seeds.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class PrecisionCoverageTests(ITestOutputHelper output)
{
    private const double TrueRatio = 1.10;
    private const int MinimumRounds = 5;
    private const int BudgetRounds = 25;
    private const int Trials = 2000;
    private static readonly ScenarioTarget Target = new("s", 3);

    private sealed record Outcome(bool Covered, int Rounds, bool Met);

    public static TheoryData<double, bool> Settings => new()
    {
        { 0.02, false }, { 0.035, false }, { 0.05, false },
        { 0.02, true }, { 0.035, true }, { 0.05, true },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void The_stopped_interval_covers_the_true_ratio_95_percent_of_the_time(double spread, bool heavyTails)
    {
        var clock = Stopwatch.StartNew();
        // A fixed seed per setting: the same figures every time.
        var random = new Random(1000 + (int)Math.Round(spread * 1000) * 2 + (heavyTails ? 1 : 0));
        var outcomes = Enumerable.Range(0, Trials).Select(_ => Trial(random, spread, heavyTails)).ToList();

        var coverage = outcomes.Count(o => o.Covered) / (double)Trials;
        var rounds = outcomes.Select(o => o.Rounds).Order().ToList();
        var met = outcomes.Count(o => o.Met) / (double)Trials;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"log-ratio sd {spread:0.0%} {(heavyTails ? "t5" : "normal")}: coverage {coverage:0.0%}, median rounds {rounds[Trials / 2]}, " +
            $"90th percentile {rounds[Trials * 9 / 10]}, target met {met:0.0%}, {Trials} trials in {clock.Elapsed.TotalSeconds:0.0} s"));
        Assert.InRange(coverage, 0.93, 0.97);
    }

    /// <summary>One run: rounds until the rule stops, then whether the stopped interval holds the true ratio.</summary>
    private static Outcome Trial(Random random, double spread, bool heavyTails)
    {
        var pairs = new List<RoundPair>();
        var roundSeconds = new List<double>();
        for (var round = 0; ; round++)
        {
            // The machine's speed this round, the same for both modes; then the containers' own noise.
            var native = 80 * Math.Exp(0.05 * Normal.Sample(random, 0, 1));
            var noise = heavyTails ? StudentT.Sample(random, 0, 1, 5) / Math.Sqrt(5.0 / 3) : Normal.Sample(random, 0, 1);
            pairs.Add(new RoundPair(round, native, native * TrueRatio * Math.Exp(spread * noise)));
            roundSeconds.Add(60);
            if (pairs.Count < MinimumRounds) continue;

            var reading = Precision.Of("s", pairs, MinimumRounds, Target.TargetPercent);
            var budgetLeft = TimeSpan.FromMinutes(BudgetRounds - pairs.Count);
            var decision = PrecisionRule.Decide(Target, reading, new RoundHistory(pairs.Count, roundSeconds), budgetLeft);
            if (decision.AddRound) continue;
            var interval = Precision.Headline(pairs, MinimumRounds)!.RatioInterval!.Value;
            return new Outcome(interval.Contains(TrueRatio), pairs.Count, decision.Stop == PrecisionStop.Met);
        }
    }
}
