namespace Testbed.Orchestration.Cluster;

/// <summary>A virtual node as made: its name, LAN address and container, and whether it was made just now.</summary>
public sealed record VirtualNode(string Name, string Address, string ContainerId, bool Created);
