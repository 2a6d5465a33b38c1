using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Running;
using Xunit.Abstractions;

namespace Testbed.Orchestration.Tests.Cluster;

/// <summary>The smoke experiment on the 2-node virtual cluster, natively and in containers, workers on distinct nodes.</summary>
[Collection(VirtualClusterCollection.Name)]
[Trait("Tier", "Integration")]
public sealed class ClusterSmokeRunTests(VirtualClusterFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly string _results = Directory.CreateTempSubdirectory("testbed-cluster-results-").FullName;

    public void Dispose() => Directory.Delete(_results, recursive: true);

    [Fact]
    public async Task Smoke_on_two_virtual_nodes_in_both_modes_collects_every_file_ends_with_identical_weights_and_leaves_nothing_on_the_nodes()
    {
        var (outcome, directory, entry, console) = await VirtualClusterRun.RunAsync(fixture, _results, "smoke");
        output.WriteLine(console);

        var addresses = fixture.Cluster.Nodes.ToDictionary(n => n.Name, n => n.Address);
        Assert.Equal(["node-1", "node-2"], entry.Nodes.Select(n => n.Name));
        Assert.Equal(["host", "overlay"], entry.Wire.Select(w => w.Path));
        Assert.All(entry.Wire, w => Assert.True(w.GbitsPerSecond > 0 && w.RttMedianMicroseconds > 0, $"{w.Path}: {w.Problem}"));
        Assert.All(entry.Nodes, n => Assert.NotNull(n.IdleEngineCpuPercent));
        var hashes = new List<string?>();
        foreach (var repetition in outcome.Repetitions)
        {
            var repetitionDirectory = Path.Combine(directory, repetition.Path);
            var status = RepetitionStatus.Read(repetitionDirectory);
            var workers = status.Workloads.Single().Workers;
            Assert.True(status is { Status: RepetitionOutcome.Succeeded, Restarts: 0 },
                $"{repetition.Mode}: {status.Describe()}\n{string.Join('\n', workers.SelectMany(w => w.LastLogLines))}");
            Assert.Equal(["node-1", "node-2"], workers.Select(w => w.Node));
            var workload = Path.Combine(repetitionDirectory, "smoke");
            foreach (var rank in new[] { 0, 1 })
            {
                Assert.True(File.Exists(RunLayout.WorkerRecords(workload, rank)), $"{repetition.Mode}: records of rank {rank} were not collected");
                Assert.True(File.Exists(RunLayout.WorkerLog(workload, rank)), $"{repetition.Mode}: log of rank {rank} was not collected");
            }
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(workload, "checkpoints")));
            var nodes = NodeMetricsCsv.Read(Path.Combine(repetitionDirectory, RunLayout.NodeMetricsFile));
            Assert.Equal(["node-1", "node-2"], nodes.Select(n => n.Node).Distinct().Order());
            Assert.Contains(nodes, n => n.CpuPercent is > 0);
            Assert.Contains(nodes, n => n.SamplerCpuPercent is >= 0); // the observer's own cost, on every node
            // Both modes' workers seen by the same sampler on their node: their cgroup's CPU, quota periods and page faults.
            var samples = MetricsCsv.Read(Path.Combine(repetitionDirectory, RunLayout.MetricsFile));
            Assert.Equal(["node-1", "node-2"], samples.Select(m => m.Node).Distinct().Order());
            Assert.Contains(samples, m => m.CpuPercent > 0 && m.CpuPeriods > 0 && m.PageFaults > 0 && m.MemoryBytes > 0);
            if (repetition.Mode == Mode.Native)
            {
                // Each worker listens on its own node's address: the ring really crosses nodes.
                foreach (var rank in new[] { 0, 1 })
                    Assert.Contains($"listening on {addresses[$"node-{rank + 1}"]}:", await File.ReadAllTextAsync(RunLayout.WorkerLog(workload, rank)));
            }
            hashes.AddRange(workers.Select(w => w.WeightsHash));
        }
        Assert.Equal(4, hashes.Count);
        Assert.All(hashes, h => Assert.False(string.IsNullOrEmpty(h)));
        Assert.Single(hashes.Distinct());

        // Nothing of the run is left on the nodes or in their swarm.
        foreach (var node in fixture.Cluster.Nodes)
        {
            var left = await node.Shell.RunAsync(
                $"find {NodeLayout.Root}/runs {NodeLayout.Root}/secrets {NodeLayout.Root}/work -mindepth 1 2>/dev/null; ls " +
                    $"/sys/fs/cgroup/cpu/testbed 2>/dev/null | grep -v '^cgroup\\|^cpu\\|^notify\\|^tasks'; pgrep -x testbed-trainer; true",
                TimeSpan.FromSeconds(30));
            Assert.True(left.Output.Trim().Length == 0, $"{node.Name} still has: {left.Output}");
        }
        var swarmLeft = await fixture.Cluster.ManagerEngine.RemoveLabelledAsync($"{Labels.Run}={Path.GetFileName(directory)}");
        Assert.True(swarmLeft.Total == 0, $"left in the cluster's swarm: {swarmLeft}");
    }
}
