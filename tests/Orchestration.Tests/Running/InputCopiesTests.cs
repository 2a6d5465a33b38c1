using System.Security.Cryptography;
using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Running;

namespace Testbed.Orchestration.Tests.Running;

/// <summary>A run folder keeps its inputs byte for byte, under the names the loaders expect.</summary>
[Trait("Tier", "Unit")]
public sealed class InputCopiesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("testbed-inputs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Experiments => Path.Combine(_root, "experiments");

    private string Clusters => Path.Combine(_root, "clusters");

    private PreparedRun Prepare(string cluster)
    {
        Directory.CreateDirectory(Experiments);
        Directory.CreateDirectory(Clusters);
        // Odd spacing and a trailing comment-free newline on purpose: a copy is the bytes, not a re-serialisation.
        File.WriteAllText(Path.Combine(Experiments, "tiny.json"),
            "{\"name\":  \"tiny\", \"workloads\": [{\"name\": \"w1\", \"workers\": 2, \"cpusPerWorker\": 0.5}]}\n");
        File.WriteAllText(Path.Combine(Clusters, "virtual-1.json"),
            "{\"name\": \"virtual-1\", \"kind\": \"virtual\", \"nodes\": [{\"name\": \"node-1\", \"cpus\": 1, \"memoryMb\": 1024}]}\n");
        return PreparedRun.From(new RunRequest(Experiments, ["tiny"], 1, 0, 0, [Mode.Native], CpuPolicy.Scale, Path.Combine(_root, "results"))
        {
            Cluster = cluster,
            ClustersDirectory = Clusters,
        }, new MachineLimits(2, 24_000));
    }

    [Fact]
    public void Each_experiment_and_the_cluster_file_are_copied_byte_for_byte_where_the_layout_says()
    {
        var run = Prepare("virtual-1");
        var folder = Path.Combine(_root, "run");

        InputCopies.Write(folder, run);

        var experiment = Path.Combine(folder, RunLayout.ExperimentCopy("tiny"));
        var cluster = Path.Combine(folder, RunLayout.ClusterCopy("virtual-1"));
        Assert.Equal(Path.Combine(folder, "inputs", "experiments", "tiny.json"), experiment);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Experiments, "tiny.json")), File.ReadAllBytes(experiment));
        Assert.Equal(File.ReadAllBytes(Path.Combine(Clusters, "virtual-1.json")), File.ReadAllBytes(cluster));
        Assert.Equal(run.Experiments[0].Sha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(experiment))));
    }

    [Fact]
    public void The_built_in_local_cluster_has_no_file_to_copy()
    {
        var run = Prepare("local");
        var folder = Path.Combine(_root, "run");

        InputCopies.Write(folder, run);

        Assert.False(Directory.Exists(Path.Combine(folder, RunLayout.InputsFolder, "clusters")));
        Assert.True(File.Exists(Path.Combine(folder, RunLayout.ExperimentCopy("tiny"))));
    }

    [Fact]
    public void A_file_changed_after_validation_is_refused_rather_than_copied_under_the_old_hash()
    {
        var run = Prepare("local");
        File.AppendAllText(Path.Combine(Experiments, "tiny.json"), " ");

        var error = Assert.Throws<InvalidOperationException>(() => InputCopies.Write(Path.Combine(_root, "run"), run));

        Assert.Contains("tiny.json changed after it was validated", error.Message);
    }
}
