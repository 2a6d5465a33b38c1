using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Running;

/// <summary>
/// The reference check's run: the reference experiment (repro: short, three workers) once per
/// mode, natively and in containers, on this host alone, into a folder of its own that every check
/// replaces (build output, never mixed with results/). The analysis then holds it against
/// experiments/reference/; the build wires the two.
/// </summary>
public static class ReferenceRun
{
    public const string Experiment = "repro";

    /// <summary>One measured repetition per mode, no warm-up, on the local cluster; shares scaled to the machine.</summary>
    public static RunRequest Request(string repositoryRoot, string runDirectory) =>
        new(Path.Combine(repositoryRoot, "experiments"), [Experiment], 1, 0, 0, [Mode.Native, Mode.Container], CpuPolicy.Scale, runDirectory)
        {
            Cluster = "local",
            ClustersDirectory = Path.Combine(repositoryRoot, "clusters"),
        };

    /// <summary>Runs it into <paramref name="runDirectory"/> (emptied first) and returns the run folder it made.</summary>
    public static async Task<string> ExecuteAsync(string runDirectory, RunInputs inputs, IRunDisplay display, IReporter reporter,
        CancellationToken cancellation)
    {
        if (Directory.Exists(runDirectory)) Directory.Delete(runDirectory, recursive: true);
        var run = PreparedRun.From(Request(inputs.RepositoryRoot, runDirectory), Environment.ProcessorCount);
        var outcome = await ScenarioRun.ExecuteAsync(run, inputs, display, reporter, Path.Combine(runDirectory, "last-run.txt"), cancellation);
        return outcome.RunDirectory;
    }
}
