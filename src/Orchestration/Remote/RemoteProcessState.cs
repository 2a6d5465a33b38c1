namespace Testbed.Orchestration.Cluster;

/// <summary>Where a remote process is: running, exited with a code, or lost (its node stopped answering, or its connection died).</summary>
public enum RemoteProcessState
{
    Running,
    Exited,
    Lost,
}
