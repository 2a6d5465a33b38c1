using MathNet.Numerics.Statistics;
using Testbed.Analysis.Results;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Summary;

/// <summary>Per-node, per-epoch numbers of one workload over the measured repetitions.</summary>
internal static class WorkloadSummarizer
{
    public static WorkloadSummary Summarize(string workload, IReadOnlyList<Repetition> measured, bool onCluster = false)
    {
        var records = measured
            .SelectMany(r => (r.Workloads.TryGetValue(workload, out var workers) ? workers : [])
                .SelectMany(w => w.Epochs.Select(e => (r.Mode, Repetition: r.Index, Record: e))))
            .ToList();

        var cells = records
            .GroupBy(x => (x.Mode, x.Record.Epoch, x.Record.Rank))
            .OrderBy(g => g.Key.Mode).ThenBy(g => g.Key.Epoch).ThenBy(g => g.Key.Rank)
            .Select(g => new EpochCell(g.Key.Mode, g.Key.Epoch, g.Key.Rank,
                g.Select(x => x.Record.Seconds).Median(),
                g.Select(x => x.Record.MsPerStep).Median(),
                g.Select(x => x.Repetition).Distinct().Count()))
            .ToList();

        var response = records
            .GroupBy(x => (x.Mode, x.Record.Epoch))
            .OrderBy(g => g.Key.Mode).ThenBy(g => g.Key.Epoch)
            .Select(g => new StepResponsePoint(g.Key.Mode, g.Key.Epoch, g.Select(x => x.Record.MsPerStep).Median(),
                g.Select(x => x.Repetition).Distinct().Count()))
            .ToList();

        IReadOnlyList<double> Seconds(Mode mode) => measured
            .Where(r => r.Mode == mode)
            .Select(r => r.WorkloadSeconds(workload))
            .Where(s => s is not null).Select(s => s!.Value).ToList();

        StepSplit? Split(Mode mode)
        {
            var of = records.Where(x => x.Mode == mode).Select(x => x.Record).ToList();
            return of.Count == 0 ? null : new StepSplit(
                of.Average(e => e.ComputeMs), of.Average(e => e.AllReduceMs), of.Average(e => e.OtherMs), of.Average(e => e.MsPerStep));
        }

        return new WorkloadSummary(
            workload,
            records.Count > 0 ? records.Max(x => x.Record.WorldSize) : 0,
            ByMode<SampleStats?>.From(mode => SampleStats.Of(Seconds(mode))),
            Overhead.Paired(Pairs.Values(Pairs.Of(measured), r => r.WorkloadSeconds(workload))) ?? Overhead.Of(Seconds(Mode.Native), Seconds(Mode.Container)),
            cells,
            response,
            ByMode<StepSplit?>.From(Split))
        {
            RankNodes = onCluster ? RankNodes(workload, measured) : new Dictionary<int, string>(),
            EpochOverheads = EpochOverheads(workload, measured, records.Select(x => x.Record.Epoch).Distinct().Order()),
        };
    }

    /// <summary>Each epoch's paired overhead; an epoch without a pair has none (not 0).</summary>
    private static IReadOnlyList<EpochOverhead> EpochOverheads(string workload, IReadOnlyList<Repetition> measured, IEnumerable<int> epochs)
    {
        var pairs = Pairs.Of(measured);
        return epochs
            .Select(epoch => Overhead.Paired(Pairs.Values(pairs, r => EpochMsPerStep(r, workload, epoch))) is { } overhead ? new EpochOverhead(epoch, overhead)
                : null)
            .OfType<EpochOverhead>().ToList();
    }

    /// <summary>A repetition's ms/step in one epoch: the median over its ranks (a ring steps together, so they differ little).</summary>
    private static double? EpochMsPerStep(Repetition repetition, string workload, int epoch)
    {
        var values = (repetition.Workloads.TryGetValue(workload, out var workers) ? workers : [])
            .SelectMany(w => w.Epochs).Where(e => e.Epoch == epoch).Select(e => e.MsPerStep).ToList();
        return values.Count == 0 ? null : values.Median();
    }

    /// <summary>rank -> node from the repetitions' status.json, when they all agree (a placement is the same in both modes).</summary>
    private static IReadOnlyDictionary<int, string> RankNodes(string workload, IReadOnlyList<Repetition> measured)
    {
        var pairs = measured.SelectMany(r => r.Status?.Workloads.Where(w => w.Name == workload).SelectMany(w => w.Workers) ?? [])
            .Where(w => w.Node.Length > 0).Select(w => (w.Rank, w.Node)).Distinct().ToList();
        return pairs.GroupBy(p => p.Rank).All(g => g.Count() == 1) ? pairs.ToDictionary(p => p.Rank, p => p.Node) : new Dictionary<int, string>();
    }
}
