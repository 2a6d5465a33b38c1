namespace Testbed.Orchestration;

/// <summary>
/// Labels put on everything the pipeline creates in Docker, so any leftover can be found and
/// removed by label even after a crash (Testcontainers' habit).
/// </summary>
public static class Labels
{
    /// <summary>The run id; present on every container, service, network and secret a run creates.</summary>
    public const string Run = "testbed.run";
    public const string Workload = "testbed.workload";
    public const string Mode = "testbed.mode";

    /// <summary>Present on images the pipeline builds (base, trainer-deps, trainer).</summary>
    public const string Image = "testbed.image";
    public const string Content = "testbed.content";

    /// <summary>On virtual nodes' containers, volumes and LAN network: the name prefix they were made under (the set Teardown removes).</summary>
    public const string VirtualNodes = "testbed.nodes";

    /// <summary>The cluster a virtual node was made for.</summary>
    public const string Cluster = "testbed.cluster";

    /// <summary>The logical node name: on a virtual node's container, and as a swarm node label (placement constraints use it).</summary>
    public const string Node = "testbed.node";

    /// <summary>The hash of what a virtual node's container was made from (image, CPU, memory, keys, address); a change recreates it.</summary>
    public const string Recipe = "testbed.recipe";
}
