using System.Globalization;

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
        Check(experiment.Workloads is { Count: > 0 }, "workloads", "empty", "at least one workload");
        if (experiment.Workloads is null) return;

        foreach (var duplicate in experiment.Workloads.GroupBy(w => w.Name).Where(g => g.Count() > 1))
            errors.Add(new ValidationError(file, "workloads[].name", $"'{duplicate.Key}' (used {duplicate.Count()} times)", "a different name per workload"));

        for (var i = 0; i < experiment.Workloads.Count; i++)
        {
            var w = experiment.Workloads[i];
            var at = $"workloads[{i}].";
            Check(w.Name is not null && IsName(w.Name), at + "name", w.Name, "1-20 characters of a-z, 0-9 and '-', starting with a letter (it names services and folders)");
            Check(w.Workers >= 1, at + "workers", w.Workers, "at least 1");
            Check(w.CpusPerWorker > 0 && double.IsFinite(w.CpusPerWorker), at + "cpusPerWorker", w.CpusPerWorker, "a share of a core above 0, e.g. 0.5");
            Check(w.CpusPerWorker <= machineCores, at + "cpusPerWorker", w.CpusPerWorker, $"at most {machineCores}, the cores of this machine");
            Check(w.MemoryMbPerWorker >= 256, at + "memoryMbPerWorker", w.MemoryMbPerWorker, "at least 256 (MB; the trainer and libtorch need about 300)");
            Check(w.Epochs >= 1, at + "epochs", w.Epochs, "at least 1");
            Check(w.StepsPerEpoch >= 1, at + "stepsPerEpoch", w.StepsPerEpoch, "at least 1");
            Check(w.BatchPerWorker >= 1, at + "batchPerWorker", w.BatchPerWorker, "at least 1");
            Check(w.LearningRate > 0 && double.IsFinite(w.LearningRate), at + "learningRate", w.LearningRate, "a number above 0, e.g. 0.001");
            Check(w.Nodes is null || w.Nodes.Count == w.Workers, at + "nodes", w.Nodes is null ? null : $"{w.Nodes.Count} names", $"one logical node name per worker ({w.Workers})");
            CheckDataset(w.Dataset, at + "dataset", file, errors);
        }
    }

    private static void CheckDataset(string? dataset, string field, string file, List<ValidationError> errors)
    {
        if (dataset is not null && ExperimentLoader.KnownDatasets.ContainsKey(dataset)) return;
        if (dataset is not null && dataset.StartsWith("dir:", StringComparison.Ordinal))
        {
            var directory = dataset[4..];
            var missing = ExperimentLoader.IdxFiles.Where(f => !File.Exists(Path.Combine(directory, f)) && !File.Exists(Path.Combine(directory, f + ".gz"))).ToList();
            if (missing.Count == 0) return;
            errors.Add(new ValidationError(file, field, $"'{dataset}'", $"a folder holding {string.Join(", ", missing)} (raw or .gz); they are missing there"));
            return;
        }
        errors.Add(new ValidationError(file, field, $"'{dataset}'", $"one of {string.Join(", ", ExperimentLoader.KnownDatasets.Keys)}, or dir:/absolute/path holding MNIST-format IDX files"));
    }

    private static bool IsName(string name) =>
        name.Length is >= 1 and <= 20 && char.IsAsciiLetterLower(name[0]) && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static string Format(object? value) => value switch
    {
        null => "missing",
        string s => $"'{s}'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
