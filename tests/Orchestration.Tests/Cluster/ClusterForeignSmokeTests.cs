using Testbed.Orchestration.Cluster;
using Testbed.Records;
using Testbed.Orchestration.Images;
using Testbed.Orchestration.Rootfs;
using Testbed.Orchestration.Running;
using Xunit.Abstractions;

namespace Testbed.Orchestration.Tests.Cluster;

/// <summary>
/// The PyTorch DDP example (experiment smoke-pytorch) on the 2-node virtual cluster, natively and in
/// containers, exactly as RunScenario runs it: the runtime's rootfs, trainers/ and image brought to
/// the nodes, torchrun's environment in each mode, records collected, the same weights in both.
/// </summary>
[Collection(VirtualClusterCollection.Name)]
[Trait("Tier", "Integration")]
public sealed class ClusterForeignSmokeTests(VirtualClusterFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly string _results = Directory.CreateTempSubdirectory("testbed-foreign-results-").FullName;

    public void Dispose() => Directory.Delete(_results, recursive: true);

    [Fact]
    public async Task The_pytorch_example_runs_on_two_virtual_nodes_in_both_modes_with_torchruns_environment_and_ends_with_identical_weights()
    {
        var environment = fixture.Environment;
        var pytorchRootfs = System.Environment.GetEnvironmentVariable("TESTBED_TEST_PYTORCH_ROOTFS");
        Assert.False(string.IsNullOrEmpty(pytorchRootfs),
            "TESTBED_TEST_PYTORCH_ROOTFS is not set: run these tests through ./build.sh Test, which provisions the PyTorch rootfs.");
        var rootfs = new RootfsImage(Path.GetFileName(pytorchRootfs!), pytorchRootfs!);
        var trainers = Path.Combine(environment.RepositoryRoot, "trainers");
        var image = await new ImageBuilder(fixture.Reporter, fixture.Host, _results).EnsureRuntimeAsync("pytorch", rootfs, RootfsRecipe.PyTorch, trainers,
            CancellationToken.None);
        var foreign = new ForeignRuntimes(new Dictionary<string, ForeignRuntime> { ["pytorch"] = new("pytorch", rootfs, image, trainers) });

        var (outcome, directory, _, console) = await VirtualClusterRun.RunAsync(fixture, _results, "smoke-pytorch", foreign: foreign);
        output.WriteLine(console);

        var manager = fixture.Cluster.Nodes[0];
        var hashes = new List<string?>();
        foreach (var repetition in outcome.Repetitions)
        {
            var repetitionDirectory = Path.Combine(directory, repetition.Path);
            var status = RepetitionStatus.Read(repetitionDirectory);
            var workers = status.Workloads.Single().Workers;
            Assert.True(status is { Status: RepetitionOutcome.Succeeded, Restarts: 0 },
                $"{repetition.Mode}: {status.Describe()}\n{string.Join('\n', workers.SelectMany(w => w.LastLogLines))}");
            Assert.Equal(["node-1", "node-2"], workers.Select(w => w.Node));
            var workload = Path.Combine(repetitionDirectory, "torch");
            foreach (var rank in new[] { 0, 1 })
            {
                var records = WorkerRecordFile.Read(RunLayout.WorkerRecords(workload, rank), RecordReading.Strict);
                Assert.Equal((rank, 2, 1), (records.Final!.Rank, records.Final.WorldSize, records.Final.Threads));
                Assert.Equal(2, records.Epochs.Count);
                var log = await File.ReadAllTextAsync(RunLayout.WorkerLog(workload, rank));
                // Rank 0's address as the mode reaches it: its node's LAN address natively, its service's name on the overlay.
                Assert.Contains(repetition.Mode == Mode.Native ? $"rendezvous at {manager.Address}:" : "-torch-c", log);
                Assert.Contains($"rank {rank} of 2", log);
            }
            var samples = MetricsCsv.Read(Path.Combine(repetitionDirectory, RunLayout.MetricsFile));
            Assert.Contains(samples, m => m.CpuPercent > 0 && m.MemoryBytes > 0);
            hashes.AddRange(workers.Select(w => w.WeightsHash));
        }
        Assert.Equal(4, hashes.Count);
        Assert.All(hashes, h => Assert.StartsWith("sha256:", h));
        Assert.Single(hashes.Distinct());
    }
}
