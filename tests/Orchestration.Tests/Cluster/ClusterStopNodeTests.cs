using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Recovery;
using Testbed.Orchestration.Running;
using Xunit.Abstractions;

namespace Testbed.Orchestration.Tests.Cluster;

/// <summary>
/// --inject-faults stop-node on the 2-node virtual cluster, for real: node-2 (never the manager)
/// is frozen past the trainer's peer timeout in each mode, the workload restarts from its
/// checkpoint and ends with the weights of the uninterrupted full-length warm-ups; the node is
/// running again afterwards and nothing of the run is left.
/// </summary>
[Collection(VirtualClusterCollection.Name)]
[Trait("Tier", "Integration")]
public sealed class ClusterStopNodeTests(VirtualClusterFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly string _results = Directory.CreateTempSubdirectory("testbed-stop-node-").FullName;

    public void Dispose() => Directory.Delete(_results, recursive: true);

    [Fact]
    public async Task A_stopped_node_in_each_mode_costs_one_restart_and_the_workload_ends_with_the_uninterrupted_weights()
    {
        var (outcome, directory, _, console) = await VirtualClusterRun.RunAsync(fixture, _results, "smoke-lifecycle",
            request => request with { Warmups = 1, InjectFaults = FaultPlan.StopNode });
        output.WriteLine(console);

        var hashes = new Dictionary<(Mode, bool), string?>();
        foreach (var repetition in outcome.Repetitions)
        {
            var status = RepetitionStatus.Read(Path.Combine(directory, repetition.Path));
            Assert.True(status.Status == RepetitionOutcome.Succeeded, $"{repetition.Mode}: {status.Error}\n{console}");
            var workload = status.Workloads.Single();
            if (!repetition.Warmup)
            {
                Assert.True(status.Restarts == 1, $"{repetition.Mode}: {status.Describe()}\n{console}");
                var (stopped, resumed) = (workload.Attempts[0], workload.Attempts[1]);
                Assert.Equal((FaultPlan.StopNode, 1, "node-2"), (stopped.InjectedFault!.Kind, stopped.InjectedFault.Rank, stopped.InjectedFault.Node));
                Assert.True(stopped.InjectedFault.PausedSeconds >= NodeStop.PauseFor.TotalSeconds - 1, $"frozen {stopped.InjectedFault.PausedSeconds} s");
                Assert.Equal(1, stopped.Failure!.Rank);
                Assert.StartsWith("node node-2 stopped", stopped.Failure.Reason);
                // Frozen in the epoch holding the drawn step or later, never before: the node is watched
                // for the end of the epoch before it, but the watch and the pause go over SSH and the
                // host's engine, and a loaded machine has let a smoke epoch (under 3 s) pass first; a
                // freeze after the last epoch still costs a restart from the final checkpoint.
                Assert.InRange(resumed.ResumedFromEpoch ?? 0, (stopped.InjectedFault.Step - 1) / 30, 3);
                Assert.True(resumed.RecoverySeconds > 0, $"{repetition.Mode}: recovery {resumed.RecoverySeconds}");
            }
            hashes[(repetition.Mode, repetition.Warmup)] = Assert.Single(workload.Workers.Select(w => w.WeightsHash).Distinct());
        }
        Assert.Equal(4, hashes.Count);
        Assert.True(hashes.Values.Distinct().Count() == 1, string.Join("\n", hashes.Select(h => $"{h.Key}: {h.Value}")));

        var node = await fixture.Host.InspectContainerAsync(VirtualClusterFixture.Naming.Container("node-2"), CancellationToken.None);
        Assert.True(node is { Running: true, Paused: false }, "node-2 was left frozen");
        var swarmLeft = await fixture.Cluster.ManagerEngine.RemoveLabelledAsync($"{Labels.Run}={Path.GetFileName(directory)}");
        Assert.True(swarmLeft.Total == 0, $"left in the cluster's swarm: {swarmLeft}");
        foreach (var each in fixture.Cluster.Nodes)
        {
            var left = await each.Shell.RunAsync($"find {NodeLayout.Root}/runs {NodeLayout.Root}/secrets " +
                $"{NodeLayout.Root}/work -mindepth 1 2>/dev/null; pgrep -x testbed-trainer; true", TimeSpan.FromSeconds(30));
            Assert.True(left.Output.Trim().Length == 0, $"{each.Name} still has: {left.Output}");
        }
    }
}
