using MathNet.Numerics.Statistics;
using Testbed.Analysis.Stats;
using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Checks;

/// <summary>
/// Epochs whose step time departs from the repetition's steady state, again and again: a slow start
/// (caches, allocator, a container's network warming up) or a mid-run slow-down. The steady-step
/// figure assumes epochs 2..N are alike; the training time counts every epoch.
/// </summary>
internal sealed class SlowEpochsCheck : ICheck
{
    /// <summary>How far an epoch's ms/step may be from the repetition's steady state.</summary>
    public const double Threshold = 0.10;

    /// <summary>A pattern needs to repeat: one repetition's slow epoch is that repetition's event.</summary>
    public const int MinimumRepetitions = 2;

    public string Name => "slow epochs";

    public string Rule => $"per mode, an epoch whose ms/step (median over the workers) is more than {Threshold * 100:0} % from its repetition's steady state " +
                          $"(median ms/step of epochs {StepCompute.FirstSteadyEpoch}..N) in the same direction in at least half of the measured repetitions " +
                              $"(and at least {MinimumRepetitions}); epoch 1 is a note, a later epoch a warning unless every mode shows it alike (a note)";

    public IEnumerable<Finding> Run(CheckInput input)
    {
        foreach (var scenario in input.Scenarios)
        {
            var patterns = new List<(Mode Mode, int Epoch, bool Slower, double Median, string Seen)>();
            foreach (var mode in scenario.Modes)
            {
                var repetitions = scenario.Of(mode).Select(r => (Repetition: r, Steady: SummaryBuilder.SteadyMsPerStep(r))).Where(r =>
                    r.Steady is > 0).ToList();
                if (repetitions.Count < MinimumRepetitions)
                {
                    yield return Finding.Skipped(this, new Place(scenario.Name, mode),
                        $"{repetitions.Count} measured repetitions with epochs past the first; a pattern needs {MinimumRepetitions}");
                    continue;
                }
                patterns.AddRange(Patterns(mode, repetitions));
            }
            foreach (var p in patterns)
            {
                var start = p.Epoch < StepCompute.FirstSteadyEpoch;
                // The same epoch off the same way in every mode is the trainer's or the machine's, not a mode's:
                // both sides of the comparison carry it, so it is worth knowing, not a threat to the headline.
                var everyMode = scenario.Modes.Count > 1
                    && scenario.Modes.All(m => patterns.Any(o => o.Mode == m && o.Epoch == p.Epoch && o.Slower == p.Slower));
                yield return new Finding(Name, start || everyMode ? Severity.Note : Severity.Warning,
                    new Place(scenario.Name, p.Mode, Epochs: p.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    p.Seen + (everyMode && !start ? "; every mode alike" : ""),
                    start
                        ? "a slow start: the training time (first step to last) includes it, the steady-step " +
                            "overhead does not; when the modes start differently the two figures part"
                        : everyMode
                            ? "the steady state is not steady, but alike in every mode: a property of the trainer or the machine that both sides of " +
                                "the comparison carry, so the overhead does not; the steady-step figure (a median over epochs 2..N) holds it in both"
                            : "the steady state is not steady: this epoch ran at another pace in most repetitions of this mode " +
                                "only, so the steady-step figure (a median over epochs 2..N) and the training time mix two regimes",
                    start
                        ? "compare the modes' first epochs (step response chart); if only one " +
                            "mode starts slow, that is part of its cost and belongs to start-up"
                        : "look at what changed at that point of the run (the resource charts, the nodes' " +
                            "CPU, throttling, page faults); more epochs would show whether it settles");
            }
        }
    }

    /// <summary>Each epoch off its repetition's steady state the same way in at least half of a mode's repetitions (and at least 2).</summary>
    private static IEnumerable<(Mode Mode, int Epoch, bool Slower, double Median, string Seen)> Patterns(Mode mode,
        IReadOnlyList<(Results.Repetition Repetition, double? Steady)> repetitions)
    {
        var departures = repetitions
            .SelectMany(r => r.Repetition.Workloads.Values.SelectMany(w => w).SelectMany(w => w.Epochs).GroupBy(e => e.Epoch)
                .Select(e => (Epoch: e.Key, r.Repetition, Departure: e.Select(x => x.MsPerStep).Median() / r.Steady!.Value - 1)))
            .GroupBy(d => d.Epoch).OrderBy(g => g.Key);
        foreach (var epoch in departures)
        {
            // Slower in some repetitions and faster in others is noise, not a pattern: one direction must hold.
            var slower = epoch.Where(d => d.Departure > Threshold).ToList();
            var faster = epoch.Where(d => d.Departure < -Threshold).ToList();
            var off = (slower.Count >= faster.Count ? slower : faster).OrderBy(d => d.Repetition.Index).ToList();
            if (off.Count < MinimumRepetitions || off.Count * 2 < repetitions.Count) continue;
            var median = off.Select(d => d.Departure).Median();
            yield return (mode, epoch.Key, median > 0, median,
                $"ms/step {Format.Percent(median * 100)} against the steady state (median) in {off.Count} of {repetitions.Count} repetitions: " +
                string.Join(", ", off.Select(d => $"rep-{d.Repetition.Index} {Format.Percent(d.Departure * 100)}")));
        }
    }
}
