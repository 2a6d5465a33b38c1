namespace Testbed.Orchestration.Cluster;

/// <summary>
/// What an SSH connection to a node carries. Each purpose has connections of its own, so a
/// connection that dies (a channel closed in the wrong order makes OpenSSH drop the whole
/// connection: "ieof packet referred to nonexistent channel") takes only its own kind of work
/// with it: an engine call never kills a worker, a copy never kills an engine call.
/// </summary>
internal enum ConnectionPurpose
{
    /// <summary>Short commands (RunAsync), each with a deadline.</summary>
    Commands,

    /// <summary>Long-running processes (workers, samplers, watch loops) and the liveness heartbeat.</summary>
    Processes,

    /// <summary>Folders as tar streams, up and down.</summary>
    Bulk,

    /// <summary>The engine tunnel: one channel per API connection.</summary>
    Engine,
}
