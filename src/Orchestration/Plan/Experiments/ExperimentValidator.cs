using System.Globalization;
using Testbed.Records;

namespace Testbed.Orchestration.Experiments;

/// <summary>The rules an experiment must meet before any cluster work starts.</summary>
internal static class ExperimentValidator
{
    public static void Validate(Experiment experiment, string fileName, int machineCores, List<ValidationError> errors)
    {
        var file = experiment.File;
        void Check(bool ok, string field, object? value, string expected)
        {
            if (!ok) errors.Add(new ValidationError(file, field, Format(value), expected));
        }

        Check(experiment.Name == fileName, "name", experiment.Name, $"'{fileName}', the file's name");
        Check(experiment.Cluster is null || IsName(experiment.Cluster), "cluster", experiment.Cluster,
            "the name of a file in clusters/ (e.g. virtual-3), or no cluster field to run on this host");
        Check(experiment.MaxRestarts is >= 0 and <= 100, "maxRestarts", experiment.MaxRestarts,
            "0 (a failed worker fails the repetition) to 100 restarts per workload");
        Check(experiment.Precision is null || (experiment.Precision > 0 && experiment.Precision <= Experiment.MostPrecisionPercent), "precision",
            experiment.Precision,
            $"a target half-width above 0 and at most {Experiment.MostPrecisionPercent} percentage " +
                $"points, e.g. 3 (or no precision field for a fixed count of --repetitions rounds)");
        Check(experiment.TimeBudgetMinutes is null || (experiment.TimeBudgetMinutes > 0 && experiment.TimeBudgetMinutes <= Experiment.MostBudgetMinutes),
            "timeBudgetMinutes", experiment.TimeBudgetMinutes,
            $"minutes above 0 and at most {Experiment.MostBudgetMinutes}, e.g. 30 (or no timeBudgetMinutes field)");
        if (experiment.Tune is { } tune)
        {
            Check(tune.Epochs is >= 1 and <= 10_000, "tune.epochs", tune.Epochs, "1 to 10000");
            Check(tune.StepsPerEpoch is >= 1 and <= 1_000_000, "tune.stepsPerEpoch", tune.StepsPerEpoch, "1 to 1000000");
            Check(tune.LearningRate > 0 && double.IsFinite(tune.LearningRate), "tune.learningRate", tune.LearningRate, "a number above 0, e.g. 0.0005");
        }
        Check(experiment.Workloads is { Count: > 0 }, "workloads", experiment.Workloads is null ? null : new Verbatim("an empty list"),
            "at least one workload");
        if (experiment.Workloads is null) return;

        foreach (var duplicate in experiment.Workloads.GroupBy(w => w.Name).Where(g => g.Count() > 1))
            errors.Add(new ValidationError(file, "workloads[].name", $"'{duplicate.Key}' (used {duplicate.Count()} times)", "a different name per workload"));

        for (var i = 0; i < experiment.Workloads.Count; i++)
        {
            var w = experiment.Workloads[i];
            var at = $"workloads[{i}].";
            Check(w.Name is not null && IsName(w.Name), at + "name", w.Name,
                "1-20 characters of a-z, 0-9 and '-', starting with a letter (it names services and folders)");
            // Each worker needs at least the engine's smallest CPU share (0.01) of the machine.
            Check(w.Workers >= 1 && w.Workers <= MaxWorkers(machineCores), at + "workers", w.Workers,
                $"1 to {MaxWorkers(machineCores)} (each worker needs at least {Workload.MinimumCpuShare} of a core of this machine's {machineCores})");
            Check(w.CpusPerWorker >= Workload.MinimumCpuShare && double.IsFinite(w.CpusPerWorker), at + "cpusPerWorker", w.CpusPerWorker,
                $"a share of a core of at least {Workload.MinimumCpuShare} (the engine's smallest), e.g. 0.5");
            Check(w.CpusPerWorker <= machineCores, at + "cpusPerWorker", w.CpusPerWorker, $"at most {machineCores}, the cores of this machine");
            Check(w.MemoryMbPerWorker >= 256, at + "memoryMbPerWorker", w.MemoryMbPerWorker, "at least 256 (MB; the trainer and libtorch need about 300)");
            Check(w.Epochs is >= 1 and <= 10_000, at + "epochs", w.Epochs, "1 to 10000");
            Check(w.StepsPerEpoch is >= 1 and <= 1_000_000, at + "stepsPerEpoch", w.StepsPerEpoch, "1 to 1000000");
            Check(w.BatchPerWorker >= 1, at + "batchPerWorker", w.BatchPerWorker, "at least 1");
            Check(w.LearningRate > 0 && double.IsFinite(w.LearningRate), at + "learningRate", w.LearningRate, "a number above 0, e.g. 0.001");
            Check(w.Nodes is null || w.Nodes.Count == w.Workers, at + "nodes", w.Nodes is null ? null
                : new Verbatim($"{w.Nodes.Count} name{(w.Nodes.Count == 1 ? "" : "s")}"), $"one logical node name per worker ({w.Workers})");
            for (var n = 0; w.Nodes is not null && n < w.Nodes.Count; n++)
            {
                Check(w.Nodes[n] is { } node && IsName(node), $"{at}nodes[{n}]", w.Nodes[n],
                    "a node name: 1-20 characters of a-z, 0-9 and '-', starting with a letter (e.g. node-1)");
            }
            TrainerValidator.Check(w.Trainer, at + "trainer", file, errors);
            if (w.Trainer is { IsForeign: true })
            {
                // A foreign trainer keeps no checkpoints of ours to resume from or tune on.
                Check(experiment.MaxRestarts == 0, "maxRestarts", experiment.MaxRestarts,
                    $"0 with a foreign trainer (workloads[{i}].trainer.kind '{TrainerSpec.CommandKind}'): restarts resume from our trainer's checkpoints");
                Check(experiment.Tune is null, "tune", experiment.Tune is null ? null : new Verbatim("set"),
                    $"no tune phase with a foreign trainer (workloads[{i}]): it loads our trainer's checkpoint");
            }
            if (CheckDataset(w.Dataset, at + "dataset", file, errors) is { } trainImages && w.Workers >= 1 && w.BatchPerWorker >= 1)
            {
                Check((long)w.BatchPerWorker * w.Workers <= trainImages, at + "batchPerWorker", w.BatchPerWorker,
                    $"at most {trainImages / w.Workers} with {w.Workers} workers: a step's global " +
                        $"batch (batch x workers) must fit the {trainImages} training images");
            }
        }
    }

    /// <summary>Checks a workload's data set; returns its training-set size when known.</summary>
    private static int? CheckDataset(string? dataset, string field, string file, List<ValidationError> errors)
    {
        if (dataset is not null && Datasets.Known.TryGetValue(dataset, out var known)) return known.TrainImages;
        if (dataset is not null && dataset.StartsWith(Datasets.DirectoryPrefix, StringComparison.Ordinal))
        {
            var directory = dataset[Datasets.DirectoryPrefix.Length..];
            if (directory.Length == 0 || !Path.IsPathFullyQualified(directory))
            {
                errors.Add(new ValidationError(file, field, $"'{dataset}'",
                    $"{Datasets.DirectoryPrefix} followed by an absolute folder path, e.g. {Datasets.DirectoryPrefix}/srv/mnist"));
                return null;
            }
            var missing = IdxFileNames.Files.Where(f => IdxFileNames.Find(directory, f.Split, f.Kind, f.Dimensions) is null)
                .Select(f => string.Join(" or ", IdxFileNames.Spellings(f.Split, f.Kind, f.Dimensions))).ToList();
            if (missing.Count > 0)
            {
                errors.Add(new ValidationError(file, field, $"'{dataset}'",
                    $"a folder holding the four IDX files; missing there: {string.Join("; ", missing)}"));
                return null;
            }
            var images = IdxFileNames.Find(directory, "train", "images", 3)!;
            var (count, problem) = Datasets.ImageCount(images);
            if (problem is not null) errors.Add(new ValidationError(file, field, $"'{dataset}'", $"MNIST-format IDX files; {images} {problem}"));
            return count;
        }
        errors.Add(new ValidationError(file, field, dataset is null ? "missing" : $"'{dataset}'",
            $"one of {string.Join(", ", Datasets.Known.Keys)}, or {Datasets.DirectoryPrefix}/absolute/path holding MNIST-format IDX files"));
        return null;
    }

    /// <summary>The training-set size of a valid data set; null when it is not one (its error is the validator's).</summary>
    public static int? TrainImages(string? dataset) => CheckDataset(dataset, "dataset", "", []);

    public static int MaxWorkers(int machineCores) => (int)Math.Floor(machineCores / Workload.MinimumCpuShare);

    private static bool IsName(string name) =>
        name.Length is >= 1 and <= 20 && char.IsAsciiLetterLower(name[0]) && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>A description of a value, not the value itself: shown without quotes.</summary>
    private sealed record Verbatim(string Text)
    {
        public override string ToString() => Text;
    }

    private static string Format(object? value) => value switch
    {
        null => "missing",
        string s => $"'{s}'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
