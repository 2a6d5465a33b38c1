using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Running;

namespace Testbed.Orchestration.Tests.Running;

/// <summary>Which cluster a run uses, and what is checked about it before any work.</summary>
[Trait("Tier", "Unit")]
public sealed class PreparedRunClusterTests : IDisposable
{
    private readonly string _experiments = Directory.CreateTempSubdirectory("testbed-experiments-").FullName;

    public void Dispose() => Directory.Delete(_experiments, recursive: true);

    private static string Repository([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    private PreparedRun Prepare(IReadOnlyList<string> experiments, string cluster = "", string? directory = null) =>
        PreparedRun.From(new RunRequest(directory ?? Path.Combine(Repository(), "experiments"), experiments, 1, 0, 0, [Mode.Native, Mode.Container],
            CpuPolicy.Scale, Path.Combine(_experiments, "results"))
        {
            Cluster = cluster,
            ClustersDirectory = Path.Combine(Repository(), "clusters"),
        }, new MachineLimits(2, 24_000));

    private void Write(string name, string cluster, string dataset = "fashion-mnist") =>
        File.WriteAllText(Path.Combine(_experiments, name + ".json"),
            $$"""
            {"name": "{{name}}", {{(cluster.Length == 0 ? "" : $"\"cluster\": \"{cluster}\",")}}
             "workloads": [{"name": "w1", "workers": 2, "cpusPerWorker": 0.5, "dataset": "{{dataset}}"}]}
            """);

    [Fact]
    public void The_thesis_experiments_run_on_the_cluster_they_name_one_worker_of_each_workload_per_node()
    {
        var run = Prepare(["thesis-single", "thesis-dual"]);

        Assert.Equal("virtual-3", run.Cluster.Name);
        Assert.Equal(ClusterKind.Virtual, run.Cluster.Kind);
        Assert.All(run.Experiments.SelectMany(e => e.Workloads), w => Assert.Equal(["node-1", "node-2", "node-3"], w.Nodes));
        Assert.Equal("", run.Request.Parameters.Cluster);
    }

    [Fact]
    public void Cluster_local_runs_the_same_experiments_on_this_host()
    {
        var run = Prepare(["thesis-single"], cluster: "local");

        Assert.Equal(ClusterKind.Local, run.Cluster.Kind);
        Assert.Equal("local", run.Request.Parameters.Cluster);
    }

    [Fact]
    public void An_experiment_without_a_cluster_runs_locally_and_one_run_cannot_mix_clusters()
    {
        Write("plain", "");
        Write("clustered", "virtual-2");

        Assert.Equal(ClusterKind.Local, Prepare(["plain"], directory: _experiments).Cluster.Kind);
        var error = Assert.Throws<ExperimentValidationException>(() => Prepare(["plain", "clustered"], directory: _experiments));
        Assert.Contains("plain: local, clustered: virtual-2", error.Message);
        Assert.Contains("pass --cluster", error.Message);
        Assert.Equal("virtual-2", Prepare(["plain", "clustered"], cluster: "virtual-2", directory: _experiments).Cluster.Name);
    }

    [Fact]
    public void An_unknown_cluster_and_a_host_folder_data_set_on_a_cluster_are_refused_before_any_work()
    {
        Write("own-data", "virtual-2", dataset: "dir:" + _experiments);
        // A folder that is a valid data set on this host: only its being on this host is wrong.
        foreach (var file in new[] { "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
            File.WriteAllBytes(Path.Combine(_experiments, file), []);
        File.WriteAllBytes(Path.Combine(_experiments, "train-images-idx3-ubyte"), [0, 0, 8, 3, 0, 0, 1, 0]);

        var unknown = Assert.Throws<ExperimentValidationException>(() => Prepare(["smoke"], cluster: "virtual-9"));
        var data = Assert.Throws<ExperimentValidationException>(() => Prepare(["own-data"], directory: _experiments));

        Assert.Contains("--cluster: name is 'virtual-9'", unknown.Message);
        Assert.Contains("virtual-3", unknown.Message);
        Assert.Contains("workloads[0].dataset", data.Message);
        Assert.Contains("not on its nodes", data.Message);
    }
}
