using System.Text.Json;

namespace Testbed.Analysis.Results;

/// <summary>
/// One run of the pipeline, loaded from results/&lt;run-id&gt;/ (layout: results/README.md). Reading
/// is strict: a missing or malformed file throws <see cref="ResultsFormatException"/> naming it.
/// </summary>
public sealed record RunFolder(string Path, RunManifest Manifest, IReadOnlyList<Repetition> Repetitions)
{
    public string RunId => Manifest.RunId;

    /// <exception cref="ResultsFormatException">A file is missing or does not follow the contract.</exception>
    public static RunFolder Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full))
            throw new ResultsFormatException(full, "no such run folder; expected results/<run-id>/ with a manifest.json.");
        var manifestPath = System.IO.Path.Combine(full, "manifest.json");
        var manifest = ResultsJson.ReadFile<RunManifest>(manifestPath, "the run manifest (schemaVersion, runId, parameters, repetitions)");
        using (var doc = JsonDocument.Parse(File.ReadAllText(manifestPath)))
            manifest = manifest with { Document = doc.RootElement.Clone() };
        if (manifest.SchemaVersion != 1)
            throw new ResultsFormatException(manifestPath, $"expected schemaVersion 1, found {manifest.SchemaVersion}; this analysis reads only version 1.");

        var twice = manifest.Repetitions.GroupBy(r => (r.Scenario, r.Mode, r.Repetition)).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new ResultsFormatException(manifestPath,
                $"expected each repetition once; {twice.Key.Scenario} {twice.Key.Mode.ToName()} repetition {twice.Key.Repetition} is listed {twice.Count()} times.");

        var repetitions = manifest.Repetitions
            .Select(entry => RepetitionLoader.Load(full, entry))
            .ToList();
        return new RunFolder(full, manifest, repetitions);
    }
}
