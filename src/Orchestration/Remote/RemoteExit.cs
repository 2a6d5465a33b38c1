namespace Testbed.Orchestration.Cluster;

/// <summary>How a remote process ended: its exit code, or why it was lost (then it may well still run on its node).</summary>
public sealed record RemoteExit(int? ExitCode, string? LostReason)
{
    public bool IsLost => LostReason is not null;
}
