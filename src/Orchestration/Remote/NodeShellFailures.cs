namespace Testbed.Orchestration.Cluster;

/// <summary>A node could not be reached or logged into; the message says what to check.</summary>
/// <param name="refused">The node answered but refused the login (the key): the cluster file or the host's authorized_keys needs fixing.</param>
public sealed class NodeUnreachableException(string message, Exception? inner = null, bool refused = false) : Exception(message, inner)
{
    public bool Refused => refused;
}

/// <summary>A node's SSH host key is not trusted; the message says how to check and add it.</summary>
public sealed class HostKeyRejectedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The connection (or the channel) an operation ran on was lost: whether it ran on the node is unknown.</summary>
internal sealed class ConnectionLostException(string message, Exception? inner = null) : Exception(message, inner);
