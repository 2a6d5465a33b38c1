using MathNet.Numerics.Statistics;
using Testbed.Analysis.Summary;
using Testbed.Analysis.Tables;

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
                          $"(median ms/step of epochs {StepCompute.FirstSteadyEpoch}..N) in the same direction in at least half of the measured repetitions (and at least {MinimumRepetitions}); epoch 1 is a note, a later epoch a warning";

    public IEnumerable<Finding> Run(CheckInput input)
    {
        foreach (var scenario in input.Scenarios)
        {
            foreach (var mode in scenario.Modes)
            {
                var repetitions = scenario.Of(mode).Select(r => (Repetition: r, Steady: SummaryBuilder.SteadyMsPerStep(r))).Where(r => r.Steady is > 0).ToList();
                if (repetitions.Count < MinimumRepetitions)
                {
                    yield return Finding.Skipped(this, new Place(scenario.Name, mode), $"{repetitions.Count} measured repetitions with epochs past the first; a pattern needs {MinimumRepetitions}");
                    continue;
                }
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
                    var start = epoch.Key < StepCompute.FirstSteadyEpoch;
                    yield return new Finding(Name, start ? Severity.Note : Severity.Warning, new Place(scenario.Name, mode, Epochs: epoch.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        $"ms/step {Format.Percent(median * 100)} against the steady state (median) in {off.Count} of {repetitions.Count} repetitions: " +
                        string.Join(", ", off.Select(d => $"rep-{d.Repetition.Index} {Format.Percent(d.Departure * 100)}")),
                        start
                            ? "a slow start: the training time (first step to last) includes it, the steady-step overhead does not; when the modes start differently the two figures part"
                            : "the steady state is not steady: this epoch ran at another pace in most repetitions, so the steady-step figure (a median over epochs 2..N) and the training time mix two regimes",
                        start
                            ? "compare the modes' first epochs (step response chart); if only one mode starts slow, that is part of its cost and belongs to start-up"
                            : "look at what changed at that point of the run (the resource charts, the nodes' CPU, throttling, page faults); more epochs would show whether it settles");
                }
            }
        }
    }
}
