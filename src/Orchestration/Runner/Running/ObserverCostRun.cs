using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Monitoring;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Running;

/// <summary>
/// Once per run, before the first repetition: what watching the workers costs each mode. Per mode
/// and pair, two short repetitions of the run's first experiment, one watched (sampler, records
/// mirrored) and one not, in ABBA order across pairs and modes so a drift of the machine hits both
/// sides; their steady step times (epoch 2 on) and the sampler's own CPU on each node. Written to
/// observer/ in the run folder and to the manifest; never part of the statistics.
/// </summary>
internal sealed class ObserverCostRun(IReadOnlyDictionary<Mode, IExecutionMode> modes, WorkerMonitor? monitor, TimeSpan sampleInterval, string runDirectory,
    string runId)
{
    /// <summary>Two epochs: the first holds start-up, the second is the steady step compared.</summary>
    public const int Epochs = 2;

    /// <summary>Indices far above any repetition's, so names of containers, cgroups and jobs never collide with one.</summary>
    private const int FirstIndex = 900;

    /// <summary>The run's --ring-tags, as its measured repetitions get it.</summary>
    public bool RingTags { get; init; } = true;

    public async Task<ObserverCostEntry?> MeasureAsync(RunPlan plan, int pairs, IRunDisplay display, DurationEstimate estimate, CancellationToken cancellation)
    {
        if (pairs <= 0 || plan.Repetitions.Count == 0 || monitor is null) return null;
        var experiment = plan.Repetitions[0].Experiment;
        var runModes = plan.Repetitions.Select(r => r.Mode).Distinct().ToList();
        var order = runModes.SelectMany((mode, m) => Enumerable.Range(0, pairs).SelectMany(p =>
            ((m + p) % 2 == 0 ? new[] { true, false } : [false, true]).Select(sampled => (Pair: p, Sampled: sampled,
                Repetition: new PlannedRepetition(experiment, mode, FirstIndex + 2 * p + (sampled ? 0 : 1), IsWarmup: true, Epochs)
                {
                    Label = $"observer's cost, {(sampled ? "watched" : "unwatched")} {p + 1}",
                })))).ToList();
        var results = new Dictionary<(Mode, int, bool), (double? Ms, string? Problem, IReadOnlyDictionary<string, double?> Sampler)>();
        await display.RunAsync(async progress =>
        {
            progress.Note($"The observer's cost: {pairs} pair(s) per mode of {experiment.Name}, {Epochs} epochs each, watched and not");
            for (var i = 0; i < order.Count; i++)
            {
                var (pair, sampled, repetition) = order[i];
                progress.RepetitionStarted(repetition, i + 1, order.Count, estimate.Of(order.Skip(i).Select(o => o.Repetition)));
                var directory = Path.Combine(runDirectory, RunLayout.ObserverFolder, experiment.Name, repetition.Mode.ToName(),
                    $"{(sampled ? "watched" : "unwatched")}-{pair}");
                var run = new RepetitionRun(repetition, directory, runId, modes, sampleInterval, monitor) { Observed = sampled, RingTags = RingTags };
                var (status, _) = await run.RunAsync(estimate.Of(repetition), progress, cancellation);
                progress.RepetitionEnded(repetition, status.Status, TimeSpan.FromSeconds(status.DurationSeconds), status.Error);
                var ms = status.Status == RepetitionOutcome.Succeeded ? StepTime.MedianMs(directory, status, fromEpoch: 2) : null;
                if (ms is not null) estimate.Record(repetition, TimeSpan.FromSeconds(status.DurationSeconds), ms);
                results[(repetition.Mode, pair, sampled)] = (ms, status.Error, run.SamplerCpuByPlace);
            }
        });
        return new ObserverCostEntry(experiment.Name, Epochs, runModes.Select(mode => new ObserverModeCost(mode,
            Enumerable.Range(0, pairs).Select(p =>
            {
                var (watched, unwatched) = (results[(mode, p, true)], results[(mode, p, false)]);
                var problem = string.Join("; ", new[] { watched.Problem, unwatched.Problem }.OfType<string>());
                return new ObserverPair(watched.Ms, unwatched.Ms, problem.Length == 0 ? null : problem);
            }).ToList(),
            SamplerCpu(Enumerable.Range(0, pairs).Select(p => results[(mode, p, true)].Sampler)))).ToList());
    }

    /// <summary>Per node, the mean over the watched repetitions of the sampler's CPU (% of one core).</summary>
    private static IReadOnlyDictionary<string, double?> SamplerCpu(IEnumerable<IReadOnlyDictionary<string, double?>> runs)
    {
        var all = runs.SelectMany(r => r).Where(p => p.Value is not null).GroupBy(p => p.Key, p => p.Value!.Value);
        return all.OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (double?)Math.Round(g.Average(), 3));
    }
}
