namespace Testbed.Orchestration.Cluster;

/// <summary>A copy to or from a node did not finish within its deadline.</summary>
internal sealed class CopyTimedOutException(TimeSpan timeout) : Exception($"the copy did not finish within {timeout.TotalSeconds:0} s")
{
    public TimeSpan Timeout => timeout;
}

/// <summary>A copy from a node arrived incomplete or different: the node's folder must stay.</summary>
public sealed class CopyVerificationException(string message) : Exception(message);
