using System.Security.Cryptography;
using System.Text.Json;

namespace Testbed.Orchestration.Experiments;

/// <summary>
/// Reads and validates experiment files. Every problem in every file is collected and reported
/// together (file, field, value, expectation), so one run of the build shows all there is to fix.
/// </summary>
public static class ExperimentLoader
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static readonly string[] ExperimentFields = ["$schema", "name", "description", "cluster", "maxRestarts", "precision", "timeBudgetMinutes", "tune",
        "sweep", "workloads"];
    private static readonly string[] TuneFields = ["epochs", "stepsPerEpoch", "learningRate"];
    private static readonly string[] TrainerFields = ["kind", "runtime", "command", "progress"];
    private static readonly string[] WorkloadFields =
        typeof(Workload).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToArray();

    /// <summary>Loads the named experiments from <paramref name="directory"/>; throws with every error found.</summary>
    public static IReadOnlyList<Experiment> Load(string directory, IReadOnlyList<string> names, int machineCores)
    {
        var errors = new List<ValidationError>();
        var experiments = new List<Experiment>();
        if (names.Count == 0)
            errors.Add(new ValidationError("--experiments", "value", "empty", $"at least one experiment name, e.g. {string.Join(",", Available(directory))}"));
        foreach (var name in names)
        {
            // A name is a file of the experiments folder; a path to a .json file is taken as it is
            // (a copy kept in a run folder, a draft of one's own).
            var isPath = name.EndsWith(".json", StringComparison.Ordinal);
            var file = isPath ? Path.GetFullPath(name) : Path.Combine(directory, name + ".json");
            if (!System.IO.File.Exists(file))
            {
                errors.Add(isPath
                    ? new ValidationError("--experiments", "value", $"'{name}'", "the path of an experiment file; there is no such file")
                    : new ValidationError("--experiments", "name", $"'{name}'",
                        $"the name of a file in {directory}: {string.Join(", ", Available(directory))}, or a path to a .json file"));
                continue;
            }
            experiments.AddRange(LoadFile(file, machineCores, errors));
        }
        // A sweep's point is named like a file could be (scale-n3-b64): two scenarios of one name would share a folder.
        foreach (var twice in experiments.GroupBy(e => e.Name).Where(g => g.Count() > 1))
        {
            errors.Add(new ValidationError("--experiments", "name", $"'{twice.Key}' ({string.Join(", ", twice.Select(e => e.File).Distinct())})",
                "each scenario once: list an experiment once, and name no file like a sweep's point"));
        }
        if (errors.Count > 0) throw new ExperimentValidationException(errors);
        return experiments;
    }

    public static IReadOnlyList<string> Available(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).Where(n => !n.EndsWith(".schema")).Order().ToList()
            : [];

    /// <summary>The file's experiment, or one per point of its sweep; none when it has errors.</summary>
    internal static IReadOnlyList<Experiment> LoadFile(string file, int machineCores, List<ValidationError> errors)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), file);
        var bytes = System.IO.File.ReadAllBytes(file);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            errors.Add(new ValidationError(relative, $"line {e.LineNumber + 1}", "not valid JSON", $"valid JSON ({e.Message})"));
            return [];
        }

        using (document)
        {
            var before = errors.Count;
            CheckFields(document.RootElement, "", ExperimentFields, relative, errors);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return [];
            if (document.RootElement.TryGetProperty("workloads", out var workloads) && workloads.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var workload in workloads.EnumerateArray())
                {
                    CheckFields(workload, $"workloads[{i}].", WorkloadFields, relative, errors);
                    if (workload.ValueKind == JsonValueKind.Object && workload.TryGetProperty("trainer", out var trainer))
                        CheckFields(trainer, $"workloads[{i}].trainer.", TrainerFields, relative, errors);
                    i++;
                }
            }
            if (document.RootElement.TryGetProperty("tune", out var tune)) CheckFields(tune, "tune.", TuneFields, relative, errors);
            if (document.RootElement.TryGetProperty(Sweep.Field, out var sweep)) CheckFields(sweep, Sweep.Field + ".", Sweep.Fields, relative, errors);
            if (errors.Count > before) return [];

            Experiment? experiment;
            try
            {
                experiment = document.RootElement.Deserialize<Experiment>(Json);
            }
            catch (JsonException e)
            {
                errors.Add(new ValidationError(relative, e.Path?.TrimStart('$', '.') ?? "(document)", "of the wrong type",
                    $"the type the schema gives ({e.Message.Split(". Path")[0]})"));
                return [];
            }
            if (experiment is null) return [];

            experiment = experiment with { File = relative, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), Point = null };
            ExperimentValidator.Validate(experiment, Path.GetFileNameWithoutExtension(file), machineCores, errors);
            if (errors.Count > before || experiment.Sweep is null) return errors.Count > before ? [] : [experiment];

            // The grid first, then each point as the scenario it becomes (a point's own errors, once each).
            SweepValidator.Check(experiment, experiment.Workloads.Select(w => ExperimentValidator.TrainImages(w.Dataset)).ToList(),
                ExperimentValidator.MaxWorkers(machineCores), errors);
            if (errors.Count > before) return [];
            var points = SweepExpansion.Expand(experiment);
            var pointErrors = new List<ValidationError>();
            foreach (var point in points) ExperimentValidator.Validate(point, point.Name, machineCores, pointErrors);
            errors.AddRange(pointErrors.Distinct());
            return errors.Count > before ? [] : points;
        }
    }

    private static void CheckFields(JsonElement element, string prefix, string[] allowed, string file, List<ValidationError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(file, prefix == "" ? "(document)" : prefix.TrimEnd('.'), element.ValueKind.ToString().ToLowerInvariant(),
                "an object"));
            return;
        }
        foreach (var property in element.EnumerateObject().Where(p => !allowed.Contains(p.Name)))
        {
            errors.Add(new ValidationError(file, prefix + property.Name, "an unknown field",
                $"one of {string.Join(", ", allowed.Where(a => a != "$schema"))}"));
        }
    }
}
