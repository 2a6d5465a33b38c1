using System.Security.Cryptography;

namespace Testbed.Orchestration.Running;

/// <summary>
/// Keeps what a run was asked to run inside its folder (<see cref="RunLayout.InputsFolder"/>): each
/// experiment file and the cluster file, byte for byte, so Reproduce can re-run it after
/// experiments/ or clusters/ changed or in another checkout. The manifest holds their SHA-256.
/// </summary>
public static class InputCopies
{
    /// <exception cref="InvalidOperationException">A file changed between its validation and the copy (then the manifest's hash would not be the
    /// copy's).</exception>
    public static void Write(string runDirectory, PreparedRun run)
    {
        // A sweep's points share one file: it is kept once, under the sweep's name (Rerun expands it again).
        foreach (var experiment in run.Experiments.DistinctBy(e => e.Point?.Sweep ?? e.Name))
            Copy(experiment.File, experiment.Sha256, Path.Combine(runDirectory, RunLayout.ExperimentCopy(experiment.Point?.Sweep ?? experiment.Name)));
        // The built-in local cluster has no file: "local" alone says everything about it.
        if (run.Cluster.File.Length > 0)
            Copy(run.Cluster.File, run.Cluster.Sha256, Path.Combine(runDirectory, RunLayout.ClusterCopy(run.Cluster.Name)));
    }

    private static void Copy(string source, string validatedSha256, string destination)
    {
        var bytes = File.ReadAllBytes(Path.GetFullPath(source));
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (sha256 != validatedSha256)
            throw new InvalidOperationException($"{source} changed after it was validated (SHA-256 {validatedSha256}, now {sha256}); start the run again.");
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.WriteAllBytes(destination, bytes);
    }
}
