namespace Testbed.Orchestration.Cluster;

/// <summary>What <see cref="VirtualNodes.RemoveAsync"/> removed.</summary>
public sealed record RemovedVirtualNodes(int Containers, int Networks, int Volumes)
{
    public override string ToString() => $"{Containers} node container(s), {Networks} LAN network(s), {Volumes} volume(s)";
}
