using Testbed.Orchestration.Docker;

namespace Testbed.Orchestration.Cluster;

/// <summary>A node's engine and the address the other nodes reach it at: what the swarm is formed from.</summary>
public sealed record SwarmMember(string Name, string Address, DockerEngine Engine);
