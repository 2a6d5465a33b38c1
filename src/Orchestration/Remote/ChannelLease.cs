using Renci.SshNet;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// One channel's claim on a connection. Dispose it only after the channel's command was disposed
/// (closed in order); <see cref="Retire"/> when the connection proved broken or hung.
/// </summary>
internal sealed class ChannelLease(PooledConnection connection, ConnectionPool pool) : IDisposable
{
    private int _released;

    public SshClient Client => connection.Client;

    public void Retire() => pool.Retire(connection);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) pool.Release(connection);
    }
}
