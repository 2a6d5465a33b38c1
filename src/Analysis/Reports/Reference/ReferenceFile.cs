using System.Globalization;

namespace Testbed.Analysis.Reference;

/// <summary>
/// experiments/reference/&lt;experiment&gt;.json: what a short experiment must produce, per CPU
/// class and thread count (the same seeds give the same bits only on the same instruction sets and
/// threads). It holds for the experiment file whose SHA-256 it names; a changed experiment makes
/// it stale, never silently wrong.
/// </summary>
/// <param name="LossTolerance">Relative: on a CPU class without an entry, every epoch's loss must be within this fraction of the reference's.</param>
public sealed record ReferenceFile(string Experiment, string ExperimentSha256, double LossTolerance, IReadOnlyList<ReferenceEntry> Entries)
{
    /// <summary>The entry recorded on this CPU class with this many threads per worker, if any.</summary>
    public ReferenceEntry? Find(string cpuClass, int threads) => Entries.FirstOrDefault(e => e.CpuClass == cpuClass && e.Threads == threads);

    /// <summary>What a curve is held against where no entry fits: the same thread count first (it splits work the same way), else the first entry.</summary>
    public ReferenceEntry? Nearest(int threads) => Entries.FirstOrDefault(e => e.Threads == threads) ?? Entries.FirstOrDefault();

    /// <summary>This file with <paramref name="entry"/> in place of any entry of its key; entries of another experiment file are dropped.</summary>
    public ReferenceFile With(ReferenceEntry entry, string experimentSha256) => this with
    {
        ExperimentSha256 = experimentSha256,
        Entries = [.. (experimentSha256 == ExperimentSha256 ? Entries : []).Where(e => (e.CpuClass, e.Threads) != (entry.CpuClass, entry.Threads)), entry],
    };

    /// <exception cref="RunFormatException">Missing, malformed, or breaking a rule (the message names the field).</exception>
    public static ReferenceFile Load(string path)
    {
        var file = RunJson.Read<ReferenceFile>(path,
            "a reference file (experiment, experimentSha256, lossTolerance, entries; see experiments/reference/README.md)");
        string? problem = null;
        if (!(file.LossTolerance > 0 && file.LossTolerance < 1))
        {
            problem = $"lossTolerance is {file.LossTolerance.ToString(CultureInfo.InvariantCulture)}; " +
                $"expected a fraction above 0 and below 1, e.g. 0.01 for 1 %";
        }
        else if (file.Entries.GroupBy(e => (e.CpuClass, e.Threads)).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            problem = $"entries hold cpuClass '{twice.Key.CpuClass}' with {twice.Key.Threads} thread(s) " +
                $"{twice.Count()} times; expected one entry per CPU class and thread count";
        }
        else if (file.Entries
                     .SelectMany((e, i) => e.Workloads.Where(w => w.Loss.Count == 0 || w.WeightsHash.Length == 0)
                         .Select(w => $"entries[{i}] workload '{w.Name}'"))
                     .FirstOrDefault() is { } empty)
        {
            problem = $"{empty} has no loss curve or no weights hash; expected both (write entries with --update-reference)";
        }
        return problem is null ? file : throw new RunFormatException(path, problem);
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        RunJson.Write(path, this);
    }
}

/// <summary>What one machine's CPU class and thread count produced: per workload, identical in both modes.</summary>
/// <param name="RecordedOn">The CPU model and run it was recorded from, for a reader; not part of the key.</param>
public sealed record ReferenceEntry(string CpuClass, int Threads, string RecordedOn, IReadOnlyList<ReferenceWorkload> Workloads);

/// <summary>A workload's final weights hash, test accuracy, and loss and accuracy per epoch (the chief's, averaged over ranks).</summary>
public sealed record ReferenceWorkload(string Name, string WeightsHash, double? TestAccuracy, IReadOnlyList<double> Loss, IReadOnlyList<double> Accuracy);
