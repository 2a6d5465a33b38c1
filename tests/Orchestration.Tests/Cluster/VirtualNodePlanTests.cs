using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Tests.Cluster;

[Trait("Tier", "Unit")]
public sealed class VirtualNodePlanTests
{
    private static readonly NodeImage Image = new("testbed/base:853737108942");
    private static readonly VirtualNodeNaming Naming = new("tbn-unit");
    private static readonly LanSubnet Lan = LanSubnet.Parse("172.31.250.0/24")!;

    [Fact]
    public void A_node_container_gets_what_a_nested_engine_needs_without_privileged()
    {
        var spec = VirtualNodePlan.Container(new VirtualNodeSpec("node-2", 0.66, 4096), 1, "virtual-3", Image, "keys", Naming, Lan);

        Assert.Equal(["ALL"], spec.CapAdd);
        Assert.Equal(["SYS_RESOURCE"], spec.CapDrop);
        Assert.Equal(["seccomp=unconfined"], spec.SecurityOptions);
        Assert.True(spec.UnmaskSystemPaths);
        Assert.Equal(["a *:* rwm"], spec.DeviceCgroupRules);
        Assert.Equal("private", spec.CgroupnsMode);
    }

    [Fact]
    public void A_node_container_has_its_limits_address_volumes_and_labels()
    {
        var spec = VirtualNodePlan.Container(new VirtualNodeSpec("node-2", 0.66, 4096), 1, "virtual-3", Image, "keys", Naming, Lan);

        Assert.Equal(("tbn-unit-node-node-2", "node-2", Image.Tag), (spec.Name, spec.Hostname, spec.Image));
        Assert.Equal(660_000_000, spec.NanoCpus);
        Assert.Equal(4096L * 1024 * 1024, spec.MemoryBytes);
        Assert.Equal(("tbn-unit-lan", "172.31.250.12"), (spec.Network, spec.Address));
        Assert.Equal(["node-2"], spec.Aliases);
        Assert.Equal("/var/lib/docker", spec.Volumes["tbn-unit-node-node-2-docker"]);
        Assert.Equal("/var/lib/testbed", spec.Volumes["tbn-unit-node-node-2-data"]);
        Assert.Equal("tbn-unit", spec.Labels[Labels.VirtualNodes]);
        Assert.Equal("virtual-3", spec.Labels[Labels.Cluster]);
        Assert.Equal("node-2", spec.Labels[Labels.Node]);
        Assert.Matches("^[0-9a-f]{12}$", spec.Labels[Labels.Recipe]);
    }

    [Fact]
    public void The_recipe_hash_changes_with_cpus_memory_image_keys_and_address_but_not_with_the_cluster_s_name()
    {
        var node = new VirtualNodeSpec("node-1", 0.66, 4096);
        string Hash(VirtualNodeSpec n, NodeImage? image = null, string keys = "k1", int index = 0, string cluster = "virtual-3") =>
            VirtualNodePlan.Container(n, index, cluster, image ?? Image, keys, Naming, Lan).Labels[Labels.Recipe];

        var original = Hash(node);
        Assert.Equal(original, Hash(node));
        Assert.Equal(original, Hash(node, cluster: "virtual-2"));
        Assert.NotEqual(original, Hash(node with { Cpus = 0.5 }));
        Assert.NotEqual(original, Hash(node with { MemoryMb = 2048 }));
        Assert.NotEqual(original, Hash(node, new NodeImage("testbed/base:000000000000")));
        Assert.NotEqual(original, Hash(node, keys: "k2"));
        Assert.NotEqual(original, Hash(node, index: 1));
    }
}
