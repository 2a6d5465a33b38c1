using System.Globalization;
using System.Text.Json;
using Testbed.Analysis.Reproduction;
using Testbed.Analysis.Results;

namespace Testbed.Analysis.Reference;

/// <summary>What the check found, line by line, and whether the build may count it as passed.</summary>
/// <param name="EntryToAdd">This machine's entry when the reference has none for its CPU class and threads (printed for a person to add).</param>
public sealed record ReferenceCheckResult(bool Passed, IReadOnlyList<string> Lines, ReferenceEntry? EntryToAdd);

/// <summary>
/// Holds a run of a reference experiment (one repetition per mode suffices) against its committed
/// reference: identical weights hashes where the reference has an entry for the run's CPU class and
/// thread count; else the loss curve within the reference's tolerance, and the entry to add.
/// </summary>
public static class ReferenceCheck
{
    /// <summary>
    /// Where a new reference file starts: a CPU class without an entry must stay within 0.1 % of the
    /// loss per epoch. Measured on repro (experiments/reference/README.md): libtorch held to AVX2 or
    /// to SSE4 gave other weights hashes but losses at most 0.0035 % apart; a learning rate 10 %
    /// higher moved them 0.4 % (epoch 1) to 6.7 % (epoch 4).
    /// </summary>
    public const double DefaultLossTolerance = 0.001;

    /// <param name="update">Write this machine's entry (replacing one of the same key) instead of only checking.</param>
    /// <exception cref="RunFormatException">The run folder or an existing reference file is malformed.</exception>
    public static ReferenceCheckResult Check(RunFolder run, string referencePath, bool update)
    {
        var lines = new List<string>();
        ReferenceCheckResult Fail(string line) => new(false, [.. lines, line], null);

        if (run.Manifest.Experiments is not [var experiment])
            return Fail($"{run.Path} ran {run.Manifest.Experiments.Count} experiments; a reference check needs one.");
        var cpu = WorkerCpu.Of(run);
        if (cpu.Class is not { } cpuClass || cpu.ThreadsPerWorker is not { } threads)
            return Fail($"the run's CPU class or threads per worker are unknown or mixed ({cpu.Describe()}); a reference entry needs one of each.");
        var (observed, problems) = Observed(run, experiment.Name, cpuClass, threads, cpu.Models);
        if (observed is null)
            return Fail($"the run does not agree with itself, so no reference can hold it: {string.Join("; ", problems)}");

        var exists = File.Exists(referencePath);
        var reference = exists ? ReferenceFile.Load(referencePath) : null;
        if (update)
        {
            var updated = (reference ?? new ReferenceFile(experiment.Name, experiment.Sha256, DefaultLossTolerance, [])).With(observed, experiment.Sha256);
            updated.Save(referencePath);
            var replaced = reference?.ExperimentSha256 == experiment.Sha256 && reference.Find(cpuClass, threads) is not null;
            var dropped = reference is not null && reference.ExperimentSha256 != experiment.Sha256
                ? $" ({reference.Entries.Count} entries of an older {experiment.Name}.json dropped)" : "";
            return new ReferenceCheckResult(true,
                [$"{(replaced ? "Replaced" : "Wrote")} the entry for {cpuClass}, {Threads(threads)} in {referencePath}{dropped}; commit it."], null);
        }
        if (reference is null)
        {
            return new ReferenceCheckResult(false,
                [$"{referencePath} does not exist; ./build.sh Test --update-reference writes it with this machine's entry:", Json(observed)], observed);
        }
        if (reference.ExperimentSha256 != experiment.Sha256)
        {
            return Fail($"{referencePath} was recorded for another {experiment.File} (SHA-256 " +
                $"{Short(reference.ExperimentSha256)}, now {Short(experiment.Sha256)}): " +
                "the experiment changed, so its expected results did. ./build.sh Test " +
                    "--update-reference records them again on this machine; commit both files.");
        }

        if (reference.Find(cpuClass, threads) is { } entry)
            return Hashes(entry, observed, cpuClass, threads);
        return Curves(reference, observed, cpuClass, threads);
    }

    private static ReferenceCheckResult Hashes(ReferenceEntry entry, ReferenceEntry observed, string cpuClass, int threads)
    {
        var lines = new List<string>();
        var passed = true;
        foreach (var workload in observed.Workloads)
        {
            var expected = entry.Workloads.FirstOrDefault(w => w.Name == workload.Name);
            if (expected is null)
            {
                passed = false;
                lines.Add($"{workload.Name}: no such workload in the entry for {cpuClass}, {Threads(threads)}.");
            }
            else if (expected.WeightsHash == workload.WeightsHash)
            {
                lines.Add($"{workload.Name}: weights hash {Short(workload.WeightsHash)} in " +
                    $"both modes, as the reference for {cpuClass}, {Threads(threads)} has it.");
            }
            else
            {
                passed = false;
                var curve = ExactItem.Curve(expected.Loss) == ExactItem.Curve(workload.Loss) ? "the loss curve is identical"
                    : $"the loss curve differs ({Deviation(expected.Loss, workload.Loss)})";
                lines.Add($"{workload.Name}: weights hash {Short(workload.WeightsHash)}, the reference " +
                    $"for {cpuClass}, {Threads(threads)} has {Short(expected.WeightsHash)}; {curve}. " +
                    "Same CPU class, same seeds: something changed what training computes (code, libtorch, data). If intended: --update-reference and commit.");
            }
        }
        return new ReferenceCheckResult(passed, lines, null);
    }

    private static ReferenceCheckResult Curves(ReferenceFile reference, ReferenceEntry observed, string cpuClass, int threads)
    {
        if (reference.Nearest(threads) is not { } nearest)
        {
            return new ReferenceCheckResult(false,
                [$"the reference has no entry at all; this machine's ({cpuClass}, {Threads(threads)}), to add with --update-reference:", Json(observed)],
                observed);
        }
        var lines = new List<string> { $"No entry for {cpuClass}, {Threads(threads)}: loss curves held against " +
            $"{nearest.CpuClass}, {Threads(nearest.Threads)} within {Percent(reference.LossTolerance)} per epoch." };
        var passed = true;
        foreach (var workload in observed.Workloads)
        {
            var expected = nearest.Workloads.FirstOrDefault(w => w.Name == workload.Name);
            var worst = expected is null || expected.Loss.Count != workload.Loss.Count
                ? double.PositiveInfinity
                : expected.Loss.Zip(workload.Loss, (r, o) => Math.Abs(o - r) / Math.Abs(r)).Max();
            var within = worst <= reference.LossTolerance;
            passed &= within;
            lines.Add(expected is null ? $"{workload.Name}: not in that entry."
                : $"{workload.Name}: {(within ? "within" : "OUTSIDE")} the tolerance ({Deviation(expected.Loss, workload.Loss)}).");
        }
        lines.Add("This machine's entry, to add to the reference (./build.sh Test --update-reference writes it):");
        lines.Add(Json(observed));
        return new ReferenceCheckResult(passed, lines, observed);
    }

    /// <summary>The run as an entry, when every repetition and both modes agree on every workload's results.</summary>
    private static (ReferenceEntry? Entry, IReadOnlyList<string> Problems) Observed(RunFolder run, string experiment, string cpuClass, int threads,
        IReadOnlyList<string> models)
    {
        var outcomes = TrainingOutcome.Of(run).Where(o => o.Scenario == experiment).ToList();
        var problems = new List<string>();
        var modes = outcomes.Select(o => o.Mode).Distinct().ToList();
        if (modes.Count < run.Manifest.Parameters.Modes.Count)
        {
            problems.Add($"measured modes {string.Join(", ", modes.Select(m => m.ToName()))} of " +
                $"{string.Join(", ", run.Manifest.Parameters.Modes.Select(m => m.ToName()))} (a repetition failed?)");
        }
        var workloads = new List<ReferenceWorkload>();
        foreach (var group in outcomes.GroupBy(o => o.Workload))
        {
            var all = group.SelectMany(o => o.Repetitions).ToList();
            string? One(Func<RepetitionOutcomeValues, string> value, string what)
            {
                var values = all.Select(value).Distinct().ToList();
                if (values.Count != 1) problems.Add($"{group.Key}: {values.Count} different {what} across modes and repetitions");
                return values.Count == 1 ? values[0] : null;
            }
            var hash = One(r => string.Join(" ", r.WeightsHashes), "weights hashes");
            One(r => ExactItem.Curve(r.Loss), "loss curves");
            if (hash is not null && problems.Count == 0)
                workloads.Add(new ReferenceWorkload(group.Key, hash, all[0].TestAccuracy, all[0].Loss, all[0].Accuracy));
        }
        if (workloads.Count == 0 && problems.Count == 0) problems.Add("no measured repetition");
        var recordedOn = $"{string.Join(", ", models)}, run {run.RunId}";
        return problems.Count > 0 ? (null, problems) : (new ReferenceEntry(cpuClass, threads, recordedOn, workloads), problems);
    }

    /// <summary>The largest relative difference per epoch and where it is.</summary>
    private static string Deviation(IReadOnlyList<double> reference, IReadOnlyList<double> observed)
    {
        if (reference.Count != observed.Count)
        {
            return $"{observed.Count.ToString(CultureInfo.InvariantCulture)} epochs against " +
                $"the reference's {reference.Count.ToString(CultureInfo.InvariantCulture)}";
        }
        var deviations = reference.Zip(observed, (r, o) => Math.Abs(o - r) / Math.Abs(r)).ToList();
        var epoch = deviations.IndexOf(deviations.Max()) + 1;
        return $"largest difference {Percent(deviations.Max())} at epoch {epoch.ToString(CultureInfo.InvariantCulture)}: " +
            $"{ExactItem.Number(observed[epoch - 1])} against {ExactItem.Number(reference[epoch - 1])}";
    }

    private static string Json(ReferenceEntry entry) => JsonSerializer.Serialize(entry, RunJson.Options);

    private static string Threads(int n) => $"{n.ToString(CultureInfo.InvariantCulture)} thread{(n == 1 ? "" : "s")} per worker";

    private static string Percent(double fraction) => (fraction * 100).ToString("0.####", CultureInfo.InvariantCulture) + " %";

    private static string Short(string hash) => hash.Length > 23 ? hash[..23] + "…" : hash;
}
