using System.Security.Cryptography;
using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Running;

/// <summary>
/// The request that runs an earlier run's work again (Reproduce): its experiment files and cluster
/// file from the copies in its folder, its parameters from its manifest, --repetitions only ever
/// lowering them. <see cref="Notes"/> say aloud what differs from a plain re-run.
/// </summary>
public sealed record Rerun(string OriginalDirectory, RunManifest Original, RunRequest Request, IReadOnlyList<string> Notes)
{
    /// <summary>
    /// Builds the request. A copy that no longer matches the manifest's SHA-256 (edited on purpose,
    /// to ask "what if") is run as it is and said so; the comparison then shows what it changed.
    /// A folder written before runs kept their inputs falls back to the recorded file, when that
    /// file still has the recorded hash.
    /// </summary>
    /// <param name="repetitions">--repetitions: the re-run measures min(this, the run's) per scenario and mode.</param>
    /// <exception cref="ExperimentValidationException">An input is neither copied nor findable unchanged.</exception>
    public static Rerun Of(string runDirectory, RunManifest original, int repetitions, RerunSettings settings)
    {
        var errors = new List<ValidationError>();
        var notes = new List<string>();
        var manifestPath = Path.Combine(runDirectory, RunLayout.ManifestFile);
        var experiments = new List<string>();
        foreach (var entry in original.Experiments.DistinctBy(SourceName))
        {
            var name = SourceName(entry);
            var found = Find(runDirectory, RunLayout.ExperimentCopy(name), entry.File, entry.Sha256, settings.RepositoryRoot,
                $"experiments[{name}]", original.Git.Sha, manifestPath, errors, notes);
            if (found is { } file)
                experiments.Add(file);
        }

        var cluster = ClusterDefinition.Local.Name;
        if (original.Cluster is { File: { } clusterFile, Sha256: { } clusterSha } recorded)
        {
            cluster = Find(runDirectory, RunLayout.ClusterCopy(recorded.Name), clusterFile, clusterSha, settings.RepositoryRoot, "cluster", original.Git.Sha,
                manifestPath, errors, notes) ?? "";
        }
        else if (original.Cluster is { } builtIn)
        {
            cluster = builtIn.Name;
        }
        if (!original.Repetitions.Any(r => r is { Warmup: false, Status: RepetitionOutcome.Succeeded }))
        {
            errors.Add(new ValidationError(manifestPath, "repetitions", "without a succeeded measured repetition",
                "a run with at least one, so there is something to reproduce"));
        }
        if (repetitions < 1)
        {
            errors.Add(new ValidationError("--repetitions", "value", repetitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "at least 1 (Reproduce measures the smaller of it and the run's own)"));
        }
        if (errors.Count > 0) throw new ExperimentValidationException(errors);

        var p = original.Parameters;
        // A run that added rounds for a precision target ran more than its --repetitions; the re-run
        // runs a fixed count (no target: its rounds would stop elsewhere and compare nothing): as many
        // rounds as the original's longest scenario, capped by --repetitions.
        var rounds = Math.Max(p.Repetitions,
            original.Repetitions.Where(r => !r.Warmup && r.Round is not null).Select(r => r.Round!.Value + 1).DefaultIfEmpty(0).Max());
        var measured = Math.Min(repetitions, rounds);
        if (measured < rounds)
            notes.Add($"--repetitions {measured} lowers the run's {rounds} measured repetitions per scenario and mode; intervals will be wider.");
        if (original.Precision?.Scenarios.Any(s => s.Applied) == true)
            notes.Add($"The run added rounds for a precision target; the re-run runs a fixed count of {measured} rounds per scenario (no target, no budget).");
        var request = new RunRequest(Path.Combine(runDirectory, RunLayout.InputsFolder, "experiments"), experiments, measured, p.Warmups, p.WarmupEpochs,
            p.Modes, p.CpuPolicy,
            settings.ResultsDirectory)
        {
            ResultsParameter = settings.ResultsParameter,
            Cluster = cluster,
            ClustersDirectory = Path.Combine(settings.RepositoryRoot, "clusters"),
            // The same budget and the same seeded faults: a re-run fails, and recovers, where the run did.
            MaxRestarts = p.MaxRestarts,
            Precision = 0,
            InjectFaults = Recovery.FaultPlan.NameOf(p.InjectFaults),
        };
        return new Rerun(runDirectory, original, request, notes);
    }

    /// <summary>The file a scenario came from: a sweep's point (definition.point.sweep) shares its sweep's file, kept once under the sweep's name.</summary>
    internal static string SourceName(ExperimentEntry entry) =>
        entry.Definition.ValueKind == System.Text.Json.JsonValueKind.Object && entry.Definition.TryGetProperty("point", out var point) &&
        point.ValueKind == System.Text.Json.JsonValueKind.Object && point.TryGetProperty("sweep", out var sweep) && sweep.GetString() is { Length: > 0 } name
            ? name
            : entry.Name;

    /// <summary>The copy in the run folder; else the recorded file when it is unchanged; else an error naming both.</summary>
    private static string? Find(string runDirectory, string copy, string recordedFile, string recordedSha256, string repositoryRoot, string field,
        string gitSha, string manifestPath, List<ValidationError> errors, List<string> notes)
    {
        var copyPath = Path.Combine(runDirectory, copy);
        if (File.Exists(copyPath))
        {
            var sha = Sha256Of(copyPath);
            if (sha != recordedSha256)
            {
                notes.Add($"{copyPath} is not the file the run used (SHA-256 {Short(sha)}, the manifest's {field}.sha256 " +
                    $"is {Short(recordedSha256)}): the re-run runs it as it is now, so expect differences.");
            }
            return copyPath;
        }
        var recordedPath = Path.GetFullPath(recordedFile, repositoryRoot);
        if (File.Exists(recordedPath) && Sha256Of(recordedPath) == recordedSha256)
        {
            notes.Add($"{copy} is missing (the run was written before run folders kept their " +
                $"inputs); {recordedPath} has the SHA-256 the manifest records, so it is used.");
            return recordedPath;
        }
        errors.Add(new ValidationError(manifestPath, field, $"'{recordedFile}' (SHA-256 {Short(recordedSha256)})",
            $"a copy at {copyPath}, or {recordedPath} with that SHA-256; neither is there (the " +
                $"run's commit {Short(gitSha)} has the file: run Reproduce from a checkout of it)"));
        return null;
    }

    private static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}

/// <summary>Where a re-run goes and where the checkout is (for the clusters/ folder and for a recorded file's relative path).</summary>
public sealed record RerunSettings(string RepositoryRoot, string ResultsDirectory, string ResultsParameter);
