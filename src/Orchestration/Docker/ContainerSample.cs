namespace Testbed.Orchestration.Docker;

/// <summary>A container's resource use at one moment (network bytes cumulative).</summary>
public sealed record ContainerSample(double? CpuPercent, long? MemoryBytes, long NetRxBytes, long NetTxBytes);
