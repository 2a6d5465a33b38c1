namespace Testbed.Orchestration.Cluster;

/// <summary>
/// Names of everything virtual nodes are made of, under one prefix (<c>testbed</c>; tests use
/// their own so they never touch a user's nodes): the LAN network, and per node a container and
/// two volumes (its engine's /var/lib/docker and the pipeline's /var/lib/testbed).
/// </summary>
public sealed record VirtualNodeNaming(string Prefix)
{
    public static VirtualNodeNaming Default { get; } = new("testbed");

    public string Network => $"{Prefix}-lan";

    public string Container(string node) => $"{Prefix}-node-{node}";

    public string DockerVolume(string node) => $"{Prefix}-node-{node}-docker";

    public string DataVolume(string node) => $"{Prefix}-node-{node}-data";
}
