using System.Text.Json;

namespace Testbed.Analysis.Results;

/// <summary>
/// One run of the pipeline, loaded from results/&lt;run-id&gt;/ through the run-folder contract
/// (Testbed.Runs). Reading is strict: a missing or malformed file throws
/// <see cref="RunFormatException"/> naming it. <see cref="Document"/> is the manifest as written,
/// for the report's environment block: a field a later writer adds shows up there unchanged.
/// </summary>
public sealed record RunFolder(string Path, RunManifest Manifest, JsonElement Document, IReadOnlyList<Repetition> Repetitions)
{
    public string RunId => Manifest.RunId;

    /// <summary>The same folder with restarted repetitions counted in statistics (they are not by default).</summary>
    public RunFolder IncludingRestarted() => this with { Repetitions = Repetitions.Select(r => r with { CountRestarted = true }).ToList() };

    /// <param name="resources">
    /// False skips metrics.csv and nodes.csv: training times only, cheap enough for the runner to
    /// read after every round.
    /// </param>
    /// <exception cref="RunFormatException">A file is missing or does not follow the contract.</exception>
    public static RunFolder Load(string path, bool resources = true)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full))
            throw new RunFormatException(full, $"no such run folder; expected results/<run-id>/ with a {RunLayout.ManifestFile}.");
        var manifest = RunManifest.Read(full);
        var manifestPath = System.IO.Path.Combine(full, RunLayout.ManifestFile);
        JsonElement document;
        using (var doc = JsonDocument.Parse(File.ReadAllText(manifestPath)))
            document = doc.RootElement.Clone();

        var twice = manifest.Repetitions.GroupBy(r => (r.Scenario, r.Mode, r.Repetition)).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new RunFormatException(manifestPath,
                $"expected each repetition once; {twice.Key.Scenario} {twice.Key.Mode.ToName()} repetition " +
                    $"{twice.Key.Repetition} is listed {twice.Count()} times.");
        }

        var repetitions = manifest.Repetitions
            .Select(entry => RepetitionLoader.Load(full, entry, resources, Trainers(manifest, entry.Scenario)))
            .ToList();
        return new RunFolder(full, manifest, document, repetitions);
    }

    /// <summary>Each workload's trainer in a scenario (ours for folders from before foreign trainers).</summary>
    public static IReadOnlyDictionary<string, WorkloadTrainer> Trainers(RunManifest manifest, string scenario) =>
        manifest.Experiments.FirstOrDefault(e => e.Name == scenario) is { } experiment ? WorkloadTrainer.Of(experiment.Definition) : new Dictionary<string,
            WorkloadTrainer>();
}
