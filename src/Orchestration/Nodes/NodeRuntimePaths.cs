namespace Testbed.Orchestration.Cluster;

/// <summary>Where a foreign runtime is on a node: its rootfs copy (holds root/) and its copy of trainers/.</summary>
public sealed record NodeRuntimePaths(string Rootfs, string Trainers);
