using System.Text.Json.Nodes;
using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Tests.Cluster;

[Trait("Tier", "Unit")]
public sealed class ClusterLoaderTests : IDisposable
{
    private static readonly MachineLimits TwoCores = new(Cores: 2, MemoryMb: 24_000);
    private readonly string _root = Directory.CreateTempSubdirectory("clusters-").FullName;
    private string Clusters => Path.Combine(_root, "clusters");

    public ClusterLoaderTests() => Directory.CreateDirectory(Clusters);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    internal static string RepositoryClusters()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "clusters")) && File.Exists(Path.Combine(directory.FullName, "global.json")))
                return Path.Combine(directory.FullName, "clusters");
        }

        throw new DirectoryNotFoundException("clusters/ not found above the test assembly");
    }

    private ClusterValidationException Invalid(string json, string name = "bad")
    {
        File.WriteAllText(Path.Combine(Clusters, name + ".json"), json);
        return Assert.Throws<ClusterValidationException>(() => ClusterLoader.Load(Clusters, name, TwoCores));
    }

    private string KeyFile()
    {
        var path = Path.Combine(_root, "id_test");
        File.WriteAllText(path, "not checked beyond existing");
        return path;
    }

    [Fact]
    public void The_shipped_virtual_clusters_load_with_the_thesis_s_three_nodes_fitting_two_cores()
    {
        var three = ClusterLoader.Load(RepositoryClusters(), "virtual-3", TwoCores);
        Assert.Equal(ClusterKind.Virtual, three.Kind);
        Assert.Equal(["node-1", "node-2", "node-3"], three.NodeNames);
        Assert.True(three.VirtualNodes.Sum(n => n.Cpus) <= 2, "three nodes must fit two cores");
        Assert.Equal(ClusterDefinition.DefaultTrainerPort, three.TrainerPorts);
        Assert.Matches("^[0-9a-f]{64}$", three.Sha256);

        var two = ClusterLoader.Load(RepositoryClusters(), "virtual-2", TwoCores);
        Assert.Equal(["node-1", "node-2"], two.NodeNames);
    }

    [Fact]
    public void Local_loads_from_its_file_and_is_the_default_without_one()
    {
        Assert.Equal(ClusterKind.Local, ClusterLoader.Load(RepositoryClusters(), "local", TwoCores).Kind);
        var builtIn = ClusterLoader.Load(Clusters, "local", TwoCores);
        Assert.Equal((ClusterKind.Local, 0), (builtIn.Kind, builtIn.NodeNames.Count));
    }

    [Fact]
    public void The_hosts_example_loads_once_its_key_file_exists()
    {
        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryClusters(), "hosts-example.json")))!;
        foreach (var node in example["nodes"]!.AsArray()) node!["keyFile"] = KeyFile();
        File.WriteAllText(Path.Combine(Clusters, "hosts-example.json"), example.ToJsonString());

        var cluster = ClusterLoader.Load(Clusters, "hosts-example", TwoCores);

        Assert.Equal(ClusterKind.Hosts, cluster.Kind);
        Assert.Equal(3, cluster.Hosts.Count);
        Assert.All(cluster.Hosts, h => Assert.Equal((22, true, "debian"), (h.Port, h.Sudo, h.User)));
    }

    [Fact]
    public void Hosts_check_their_keys_against_the_cluster_s_own_known_hosts_file_when_it_names_one()
    {
        var key = KeyFile();
        var knownHosts = Path.Combine(_root, "known_hosts");
        File.WriteAllText(knownHosts, "");
        File.WriteAllText(Path.Combine(Clusters, "own.json"), $$"""
            { "name": "own", "kind": "hosts", "knownHosts": "{{knownHosts}}",
              "nodes": [ { "name": "node-1", "address": "10.0.0.1", "user": "me", "keyFile": "{{key}}" } ] }
            """);
        File.WriteAllText(Path.Combine(Clusters, "users.json"), $$"""
            { "name": "users", "kind": "hosts", "nodes": [ { "name": "node-1", "address": "10.0.0.1", "user": "me", "keyFile": "{{key}}" } ] }
            """);

        Assert.Equal([knownHosts], ClusterLoader.Load(Clusters, "own", TwoCores).HostKeys.Files);
        Assert.Equal(HostKeyCheck.KnownHosts.OfThisUser().Files, ClusterLoader.Load(Clusters, "users", TwoCores).HostKeys.Files);
    }

    [Fact]
    public void A_known_hosts_file_that_is_missing_or_given_to_virtual_nodes_is_refused_with_its_field()
    {
        var missing = Invalid($$"""
            { "name": "bad", "kind": "hosts", "knownHosts": "~/.ssh/tbn-no-such-known-hosts",
              "nodes": [ { "name": "node-1", "address": "10.0.0.1", "user": "me", "keyFile": "{{KeyFile()}}" } ] }
            """);
        var virtualNodes = Invalid("""
            { "name": "bad", "kind": "virtual", "knownHosts": "/etc/hostname", "nodes": [ { "name": "node-1", "cpus": 1, "memoryMb": 1024 } ] }
            """);

        var problem = Assert.Single(missing.Errors);
        Assert.Equal(("knownHosts", "'~/.ssh/tbn-no-such-known-hosts'"), (problem.Field, problem.Value));
        Assert.Contains("ssh-keyscan", problem.Expected);
        Assert.Contains(virtualNodes.Errors, e => e.Field == "knownHosts" && e.Expected.Contains("only real hosts"));
    }

    [Fact]
    public void A_missing_key_file_names_the_field_the_path_and_how_to_make_one()
    {
        var error = Invalid("""
            { "name": "bad", "kind": "hosts", "nodes": [ { "name": "node-1", "address": "10.0.0.1", "user": "me", "keyFile": "~/.ssh/tbn-no-such-key" } ] }
            """);
        var problem = Assert.Single(error.Errors);
        Assert.Equal("nodes[0].keyFile", problem.Field);
        Assert.Equal("'~/.ssh/tbn-no-such-key'", problem.Value);
        Assert.Contains(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "tbn-no-such-key"), problem.Expected);
        Assert.Contains("ssh-keygen", problem.Expected);
        Assert.EndsWith("bad.json", problem.File);
    }

    [Fact]
    public void Impossible_virtual_nodes_are_all_reported_at_once()
    {
        var error = Invalid("""
            { "name": "bad", "kind": "virtual", "trainerPorts": 80, "nodes": [
              { "name": "Node_1", "cpus": 0.005, "memoryMb": 64 },
              { "name": "node-2", "cpus": 3, "memoryMb": 99999999 },
              { "name": "node-2", "cpus": 0.5, "memoryMb": 1024 } ] }
            """);
        var problems = error.Errors.Select(e => (e.Field, e.Value)).ToList();
        Assert.Contains(("trainerPorts", "80"), problems);
        Assert.Contains(("nodes[0].name", "'Node_1'"), problems);
        Assert.Contains(("nodes[0].cpus", "0.005"), problems);
        Assert.Contains(("nodes[0].memoryMb", "64"), problems);
        Assert.Contains(("nodes[1].cpus", "3"), problems);
        Assert.Contains(("nodes[1].memoryMb", "99999999"), problems);
        Assert.Contains(error.Errors, e => e.Field == "nodes[1].cpus" && e.Expected.Contains("at most 2"));
        Assert.Contains(error.Errors, e => e.Field == "nodes[].name" && e.Value.Contains("'node-2'") && e.Expected.Contains("different name"));
    }

    [Fact]
    public void Virtual_nodes_that_fit_alone_but_not_together_are_refused_for_their_sum()
    {
        var nodes = string.Join(", ", Enumerable.Range(1, 100).Select(i => $$"""{ "name": "node-{{i}}", "cpus": 0.5, "memoryMb": 2048 }"""));
        var error = Invalid($$"""{ "name": "bad", "kind": "virtual", "nodes": [ {{nodes}} ] }""");

        Assert.Equal(["nodes[].cpus", "nodes[].memoryMb"], error.Errors.Select(e => e.Field).Order());
        Assert.Contains(error.Errors, e => e.Field == "nodes[].cpus" && e.Value == "'50 in total (100 nodes)'" && e.Expected.Contains("at most 2 together"));
        Assert.Contains(error.Errors, e => e.Field == "nodes[].memoryMb" && e.Value == "'204800 in total (100 nodes)'"
            && e.Expected.Contains("at most 24000 together"));
    }

    [Theory]
    [InlineData("10.0.0.1$(reboot)")]
    [InlineData("host;reboot")]
    [InlineData("`id`.example")]
    [InlineData("-oProxyCommand=x")]
    [InlineData("10.0.0.256")]
    [InlineData("10.1")]
    [InlineData("node_1.lan")]
    [InlineData("fe80::1::2")]
    public void An_address_is_a_host_name_or_an_IP_and_nothing_a_shell_would_run(string address)
    {
        var key = KeyFile();
        var error = Invalid($$"""
            { "name": "bad", "kind": "hosts",
              "nodes": [ { "name": "node-1", "address": {{System.Text.Json.JsonSerializer.Serialize(address)}}, "user": "me", "keyFile": "{{key}}" } ] }
            """);
        var problem = Assert.Single(error.Errors);
        Assert.Equal("nodes[0].address", problem.Field);
        Assert.Contains("host name", problem.Expected);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("node-1")]
    [InlineData("gpu-3.lab.example.org")]
    [InlineData("fd00::12")]
    public void Host_names_and_IP_addresses_are_accepted(string address) => Assert.True(ClusterLoader.IsHostNameOrAddress(address), address);

    [Fact]
    public void Unknown_fields_are_refused_with_the_valid_ones_for_the_kind()
    {
        var error = Invalid("""
            { "name": "bad", "kind": "virtual", "colour": "red",
              "nodes": [ { "name": "node-1", "cpus": 1, "memoryMb": 1024, "address": "10.0.0.1" } ] }
            """);
        Assert.Contains(error.Errors, e => e.Field == "colour" && e.Value == "an unknown field" && e.Expected.Contains("trainerPorts"));
        Assert.Contains(error.Errors, e => e.Field == "nodes[0].address" && e.Expected == "one of name, cpus, memoryMb");
    }

    [Theory]
    [InlineData("[1, 2]", "(document)", "an array")]
    [InlineData("\"virtual\"", "(document)", "the string 'virtual'")]
    [InlineData("""{ "name": "bad" }""", "kind", "missing")]
    [InlineData("""{ "name": "bad", "kind": "cloud" }""", "kind", "'cloud'")]
    [InlineData("""{ "name": "bad", "kind": "virtual" }""", "nodes", "missing")]
    [InlineData("""{ "name": "bad", "kind": "hosts", "nodes": [] }""", "nodes", "an empty array")]
    [InlineData("""{ "name": "bad", "kind": "local", "nodes": [ { "name": "node-1" } ] }""", "nodes", "given")]
    [InlineData("""{ "name": "bad", "kind": "virtual", "nodes": [ "node-1" ] }""", "nodes[0]", "the string 'node-1'")]
    [InlineData("""
        { "name": "bad", "kind": "virtual", "nodes": [ { "name": "node-1", "cpus": "half", "memoryMb": 1024 } ] }
        """, "nodes[0].cpus", "the string 'half'")]
    [InlineData("""
        { "name": "bad", "kind": "virtual", "nodes": [ { "name": "node-1", "cpus": 0.5, "memoryMb": 1024.5 } ] }
        """, "nodes[0].memoryMb", "the number 1024.5")]
    [InlineData("""{ "name": "bad", "kind": "virtual", "nodes": [ { "name": "node-1", "memoryMb": 1024 } ] }""", "nodes[0].cpus", "missing")]
    [InlineData("""{ "name": "other", "kind": "local" }""", "name", "'other'")]
    [InlineData("""{ "name": "bad", "kind": "local", "trainerPorts": "29500" }""", "trainerPorts", "the string '29500'")]
    [InlineData("""
        { "name": "bad", "kind": "hosts",
          "nodes": [ { "name": "node-1", "address": "a b", "user": "", "keyFile": "/etc/hostname", "port": 0, "sudo": "yes" } ] }
        """, "nodes[0].address", "'a b'")]
    [InlineData("{ \"name\": ", "line 1", "not valid JSON")]
    public void Each_kind_of_bad_input_is_a_clear_error_naming_its_field(string json, string field, string value)
    {
        var error = Invalid(json);
        Assert.Contains(error.Errors, e => e.Field == field && e.Value == value && e.Expected.Length > 0);
        Assert.DoesNotContain("   at ", error.Message); // no stack trace, ever
    }

    [Fact]
    public void Every_problem_of_a_host_is_reported_together()
    {
        var error = Invalid("""
            { "name": "bad", "kind": "hosts",
              "nodes": [ { "name": "node-1", "address": "a b", "user": "", "keyFile": "/etc/hostname", "port": 0, "sudo": "yes" } ] }
            """);
        Assert.Equal(["nodes[0].address", "nodes[0].port", "nodes[0].sudo", "nodes[0].user"], error.Errors.Select(e => e.Field).Order());
    }

    [Fact]
    public void Two_nodes_on_one_host_are_refused()
    {
        var key = KeyFile();
        var error = Invalid($$"""
            { "name": "bad", "kind": "hosts", "nodes": [
              { "name": "node-1", "address": "10.0.0.1", "user": "me", "keyFile": "{{key}}" },
              { "name": "node-2", "address": "10.0.0.1", "user": "me", "keyFile": "{{key}}" } ] }
            """);
        var problem = Assert.Single(error.Errors);
        Assert.Equal("nodes[].address", problem.Field);
        Assert.Contains("node-1, node-2", problem.Value);
    }

    [Fact]
    public void An_unknown_cluster_name_lists_the_available_ones()
    {
        var error = Assert.Throws<ClusterValidationException>(() => ClusterLoader.Load(RepositoryClusters(), "virtual-9", TwoCores));
        var problem = Assert.Single(error.Errors);
        Assert.Equal(("--cluster", "'virtual-9'"), (problem.File, problem.Value));
        Assert.Contains("virtual-3", problem.Expected);
    }
}
