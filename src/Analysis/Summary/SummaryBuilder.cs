using MathNet.Numerics.Statistics;
using Testbed.Analysis.Results;
using Testbed.Analysis.Run;
using Testbed.Analysis.Stats;
using Testbed.Records;

namespace Testbed.Analysis.Summary;

/// <summary>Turns a scenario's repetitions into its <see cref="ScenarioSummary"/> (RunSummary.Of, in Run/, puts the scenarios together).</summary>
internal static class SummaryBuilder
{
    public static ScenarioSummary Scenario(string name, IReadOnlyList<Repetition> repetitions, RunManifest manifest, bool onCluster)
    {
        var parameters = manifest.Parameters;
        var workloadNames = repetitions.SelectMany(r => r.Status?.Workloads.Select(w => w.Name) ?? [])
            .Concat(repetitions.SelectMany(r => r.Workloads.Keys))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var results = RepetitionResults(repetitions, workloadNames, parameters);
        var measured = repetitions.Where(r => r.IsMeasured).ToList();
        var epochs = measured.SelectMany(AllEpochs).ToList();

        IReadOnlyList<double> Seconds(Mode mode) =>
            results.Where(r => r.Mode == mode && r.IsMeasured).Select(r => r.ScenarioSeconds!.Value).ToList();

        // The headline: the same function (and so the same interval) the runner's precision rule stopped on.
        var record = manifest.Precision?.Scenarios.FirstOrDefault(p => p.Scenario == name);
        var rounds = Pairs.InRounds(Pairs.Of(measured), r => r.ScenarioSeconds);
        var minimumRounds = RunPrecision.MinimumRounds(manifest);
        var trainers = RunFolder.Trainers(manifest, name);

        return new ScenarioSummary(
            name,
            Workers: epochs.Count > 0 ? epochs.Max(e => e.WorldSize) : 0,
            Epochs: epochs.Count > 0 ? epochs.Max(e => e.Epochs) : 0,
            workloadNames,
            results,
            ByMode<SampleStats?>.From(mode => SampleStats.Of(Seconds(mode))),
            // Paired first: neighbouring repetitions share the machine's state, so their ratio cancels drift.
            Precision.Headline(rounds, minimumRounds) ?? Overhead.Of(Seconds(Mode.Native), Seconds(Mode.Container)),
            ByMode<AccuracySummary>.From(mode => Accuracy(measured.Where(r => r.Mode == mode).ToList())),
            WeightsChecker.Check(measured, workloadNames),
            workloadNames.Select(w => WorkloadSummarizer.Summarize(w, measured, onCluster) with
            {
                Trainer = trainers.TryGetValue(w, out var trainer) ? trainer : new WorkloadTrainer(w, WorkloadTrainer.Ours, WritesRecords: true),
            }).ToList(),
            ByMode<ResourceSeries?>.From(mode => ResourceAggregator.FirstMeasured(measured.Where(r => r.Mode == mode))),
            ThesisFigures.For(name))
        {
            Modes = ModeNames.All.Where(m => parameters.Modes.Contains(m) || repetitions.Any(r => r.Mode == m)).ToList(),
            Attribution = Attribution.Of(measured, ModeNames.All.Where(m => parameters.Modes.Contains(m)).ToList()),
            NodeTotals = ByMode<NodeTotalsSeries?>.From(mode => NodeTotalsAggregator.FirstMeasured(measured.Where(r => r.Mode == mode))),
            DrivingMachine = ByMode<DrivingMachineSummary?>.From(mode =>
                DrivingMachine.Summarize(measured.Where(r => r.Mode == mode), manifest.Cluster is { Kind: "virtual" })),
            UnpairedOverhead = Overhead.Of(Seconds(Mode.Native), Seconds(Mode.Container)),
            StepOverhead = Overhead.Paired(Pairs.Values(Pairs.Of(measured), SteadyMsPerStep)),
            EndToEndOverhead = Overhead.Paired(Pairs.Values(Pairs.Of(measured), r => Timeline.Of(r)?.EndToEnd)),
            StartupDifference = Difference.Paired(Pairs.Values(Pairs.Of(measured), r => Timeline.Of(r)?.Startup)),
            Recovery = RecoveryRows.Of(repetitions),
            Tune = TuneRows.Of(repetitions),
            Startup = ByMode<(Timeline Median, int N)?>.From(mode => Timeline.MedianOf(measured.Where(r => r.Mode == mode).Select(Timeline.Of))),
            PrecisionRecord = record,
            PairsNeeded = record?.TargetPercent is { } target ? Precision.Of(name, rounds, minimumRounds, target).PairsNeeded : null,
        };
    }

    /// <summary>
    /// A repetition's steady step time: the median ms/step over every worker's epochs 2..N. The
    /// first epoch holds start-up (caches, connections); without it the figure is start-up free.
    /// Null when the repetition has no epoch past the first.
    /// </summary>
    internal static double? SteadyMsPerStep(Repetition repetition)
    {
        var steps = repetition.Workloads.Values.SelectMany(w => w).SelectMany(w => w.Epochs).Where(e => e.Epoch >= 2).Select(e => e.MsPerStep).ToList();
        return steps.Count == 0 ? null : steps.Median();
    }

    /// <summary>
    /// Every repetition the parameters promised, in run order per mode; one the folder lacks is listed
    /// as missing, so a gap shows in the report instead of silently shrinking n.
    /// </summary>
    private static List<RepetitionResult> RepetitionResults(IReadOnlyList<Repetition> repetitions, IReadOnlyList<string> workloads, RunParameters parameters)
    {
        var results = new List<RepetitionResult>();
        var expected = parameters.Warmups + parameters.Repetitions;
        // The folder lists repetitions in the order they ran (the manifest's order).
        var order = repetitions.Select((r, i) => (r, i)).ToDictionary(x => x.r, x => x.i + 1);
        foreach (var mode in ModeNames.All)
        {
            var present = repetitions.Where(r => r.Mode == mode).ToDictionary(r => r.Index);
            var count = Math.Max(expected, present.Count == 0 ? 0 : present.Keys.Max() + 1);
            if (!parameters.Modes.Contains(mode) && present.Count == 0)
                continue;
            for (var k = 0; k < count; k++)
            {
                if (!present.TryGetValue(k, out var rep))
                {
                    results.Add(new RepetitionResult(mode, k, k < parameters.Warmups, RepetitionState.Missing,
                        workloads.ToDictionary(w => w, _ => (double?)null), null, "no such repetition in the run folder"));
                    continue;
                }
                var seconds = workloads.ToDictionary(w => w, rep.WorkloadSeconds);
                var error = rep.State switch
                {
                    RepetitionState.Succeeded => null,
                    RepetitionState.Missing => "listed in manifest.json, but its folder is missing",
                    _ => rep.Status?.Error ?? $"status '{rep.State}' without an error message",
                };
                results.Add(new RepetitionResult(mode, k, rep.IsWarmup, rep.State, seconds,
                    rep.State == RepetitionState.Succeeded ? rep.ScenarioSeconds : null, error)
                {
                    RunOrder = order[rep],
                    Restarts = rep.Restarts,
                    RestartedExcluded = rep.Restarts > 0 && !rep.CountRestarted,
                });
            }
        }
        return results;
    }

    private static AccuracySummary Accuracy(IReadOnlyList<Repetition> measured)
    {
        // Chief (rank 0) of the first workload: its last epoch's accuracy is already averaged over ranks.
        var chiefs = measured.Select(r => r.Workloads.OrderBy(w => w.Key, StringComparer.Ordinal).First().Value.FirstOrDefault(w => w.Rank == 0))
            .Where(w => w is not null).ToList();
        var train = chiefs.Where(w => w!.Epochs.Count > 0).Select(w => w!.Epochs[^1].Accuracy).ToList();
        var test = chiefs.Where(w => w!.Final?.TestAccuracy is not null).Select(w => w!.Final!.TestAccuracy!.Value).ToList();
        return new AccuracySummary(
            train.Count > 0 ? train.Median() : null,
            test.Count > 0 ? test.Median() : null,
            chiefs.Count);
    }

    private static IEnumerable<EpochRecord> AllEpochs(Repetition repetition) =>
        repetition.Workloads.Values.SelectMany(workers => workers).SelectMany(w => w.Epochs);
}
