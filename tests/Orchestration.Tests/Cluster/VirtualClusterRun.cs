using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Images;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Progress;
using Testbed.Orchestration.Running;
using Testbed.Orchestration.Tests.Running;

namespace Testbed.Orchestration.Tests.Cluster;

/// <summary>What one whole run on the fixture's virtual-2 cluster left: its outcome, folder, cluster entry and console.</summary>
internal sealed record VirtualClusterRunResult(RunOutcome Outcome, string Directory, ClusterEntry Cluster, string Console);

/// <summary>
/// One experiment on the fixture's 2-node virtual cluster in both modes, set up as RunScenario sets
/// it up (the cluster made ready for the run, its manifest, the runner with recovery and the node
/// stopper), for the tests that need a whole run: the smoke run, the stopped node, the foreign trainer.
/// </summary>
internal static class VirtualClusterRun
{
    /// <param name="request">Changes to the request (warm-ups, faults) before the run is prepared.</param>
    public static async Task<VirtualClusterRunResult> RunAsync(VirtualClusterFixture fixture, string results, string experiment,
        Func<RunRequest, RunRequest>? request = null, ForeignRuntimes? foreign = null)
    {
        var environment = fixture.Environment;
        var asked = new RunRequest(Path.Combine(environment.RepositoryRoot, "experiments"), [experiment], 1, 0, 0, [Mode.Native, Mode.Container],
            CpuPolicy.Scale, results)
        {
            Cluster = "virtual-2",
            ClustersDirectory = Path.Combine(environment.RepositoryRoot, "clusters"),
        };
        var run = PreparedRun.From(request?.Invoke(asked) ?? asked, System.Environment.ProcessorCount);
        var inputs = new RunInputs(environment.RepositoryRoot, environment.Rootfs, 10001, environment.PublishDirectory, environment.SessionsDirectory,
            fixture.Trainer, Path.GetDirectoryName(environment.SessionsDirectory)!)
        {
            Naming = VirtualClusterFixture.Naming,
            Foreign = foreign ?? ForeignRuntimes.None,
        };
        var directory = RunLayout.CreateRunFolder(results, DateTimeOffset.UtcNow, TestRunSha.New());
        var console = new StringWriter();
        // The collection's tests run one at a time, so what the fixture's reporter logs from here on is this run's (cluster readiness, timings).
        var reported = fixture.Log.GetStringBuilder().Length;

        await using var target = await RunTarget.ClusterAsync(run, inputs, fixture.Host, fixture.Reporter, Path.GetFileName(directory),
            CancellationToken.None);
        var manifest = RunnerFixtures.Manifest(directory, run) with { Cluster = target.Cluster, Placement = target.Placement };
        var outcome = await new ScenarioRunner(target.Modes, new PlainRunDisplay(SmokeRig.Console(console)), TimeSpan.FromMilliseconds(500),
                target.Monitor, run.Request.Recovery, target.NodeStopper)
            .RunAsync(run.Plan, directory, manifest, new DurationEstimate(), CancellationToken.None);
        var preparing = fixture.Log.GetStringBuilder().ToString(reported, fixture.Log.GetStringBuilder().Length - reported);
        return new VirtualClusterRunResult(outcome, directory, target.Cluster, preparing + console);
    }
}
