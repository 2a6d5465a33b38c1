using MathNet.Numerics.Random;
using Testbed.Analysis.Results;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Model;

/// <summary>
/// Every mode's fitted cost on a run's own measurements, with bootstrap replicates for the bands:
/// rounds are resampled with replacement (all modes of a round together, so a replicate's container
/// overhead stays paired) and every mode refitted. <see cref="Unavailable"/> says why a mode has none.
/// It is one compute class's model (<see cref="Class"/>): a run of several trainers or CPU shares is fitted on one.
/// </summary>
public sealed record CostModel(
    IReadOnlyDictionary<Mode, ModeCost> Modes,
    IReadOnlyList<IReadOnlyDictionary<Mode, ModeCost>> Replicates,
    IReadOnlyDictionary<Mode, string> Unavailable,
    IReadOnlyList<StepPoint> Points)
{
    public const int Resamples = 1000;

    public static CostModel Fit(RunFolder run) => Fit(StepPoints.Of(run), run.Manifest.Cluster?.Wire ?? []);

    /// <summary>The compute class (trainer, CPU share per worker) whose points the model is fitted on.</summary>
    public ComputeClass Class => Points.Select(p => p.Class).FirstOrDefault() ?? new ComputeClass(Testbed.Runs.WorkloadTrainer.Ours, null);

    /// <summary>
    /// The class a run's model describes: our trainer's when it ran, at the largest CPU share per
    /// worker (a job with its workers' cores to itself, as the curves draw it); then the most points.
    /// </summary>
    public static ComputeClass? ClassOf(IReadOnlyList<StepPoint> points) =>
        points.Select(p => p.Class).Distinct()
            .OrderByDescending(c => c.Trainer == Testbed.Runs.WorkloadTrainer.Ours)
            .ThenByDescending(c => c.CpusPerWorker ?? 0)
            .ThenByDescending(c => points.Count(p => p.Class == c))
            .ThenBy(c => c.Trainer, StringComparer.Ordinal)
            .FirstOrDefault();

    public static CostModel Fit(IReadOnlyList<StepPoint> points, IReadOnlyList<WirePathEntry> wire, int resamples = Resamples)
    {
        // One class's points: compute is carried across batch sizes and node counts, never across trainers or CPU shares.
        var fitted = ClassOf(points);
        points = points.Where(p => p.Class == fitted).ToList();
        var unavailable = new Dictionary<Mode, string>();
        var paths = new Dictionary<Mode, (double Bandwidth, double Rtt)>();
        foreach (var mode in ModeNames.All.Where(m => points.Any(p => p.Mode == m)))
        {
            var path = wire.FirstOrDefault(w => w.Modes.Contains(mode.ToName()));
            if (path is not { GbitsPerSecond: > 0, RttMedianMicroseconds: > 0 })
            {
                unavailable[mode] = $"the manifest has no measured throughput and round trip for the " +
                    $"{mode.ToName()} path (cluster.wire{(path?.Problem is { } p ? $": {p}" : "")})";
            }
            else
            {
                paths[mode] = (path.GbitsPerSecond.Value * 1e9 / 8, path.RttMedianMicroseconds.Value / 1e6);
            }
        }

        Dictionary<Mode, ModeCost> FitAll(IReadOnlyList<StepPoint> sample, bool record)
        {
            var fits = new Dictionary<Mode, ModeCost>();
            foreach (var (mode, path) in paths)
            {
                if (ModeFit.Fit(mode, sample.Where(p => p.Mode == mode).ToList(), path.Bandwidth, path.Rtt) is { } fit) fits[mode] = fit;
                else if (record) unavailable[mode] = $"no measured {mode.ToName()} point has more than one worker: no all-reduce to fit";
            }
            return fits;
        }

        var point = FitAll(points, record: true);
        var keys = points.Select(p => p.ResampleKey).Distinct().Order().ToList();
        var random = new Xoshiro256StarStar(Bootstrap.Seed, threadSafe: false);
        var replicates = new List<IReadOnlyDictionary<Mode, ModeCost>>();
        for (var i = 0; i < resamples && keys.Count > 1; i++)
        {
            var drawn = Enumerable.Range(0, keys.Count).Select(_ => keys[random.Next(keys.Count)]);
            var sample = drawn.SelectMany(k => points.Where(p => p.ResampleKey == k)).ToList();
            replicates.Add(FitAll(sample, record: false));
        }
        return new CostModel(point, replicates, unavailable, points);
    }
}
