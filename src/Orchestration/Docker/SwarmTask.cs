namespace Testbed.Orchestration.Docker;

/// <summary>A Swarm task of a workload, in the project's terms.</summary>
public sealed record SwarmTask(string ServiceName, long Slot, string State, string? ContainerId, long? ExitCode, string? Error, string NodeId)
{
    /// <summary>States a task never leaves (restart policy none: nothing replaces it).</summary>
    public bool IsFinal => State is "complete" or "failed" or "shutdown" or "rejected" or "orphaned" or "remove";
}
