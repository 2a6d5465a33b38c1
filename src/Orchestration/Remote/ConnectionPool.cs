using Renci.SshNet;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// The connections of one purpose to one node. A connection takes at most ChannelsPerConnection
/// channels; a further one opens while all are busy. A connection found broken, or on which an
/// operation timed out, is retired: it takes no new channel and is closed once its last one ends,
/// so a retry always runs on a fresh connection.
/// </summary>
internal sealed class ConnectionPool(SshConnector connector, ConnectionPurpose purpose, int channelsPerConnection) : IDisposable
{
    private readonly List<PooledConnection> _connections = [];
    private readonly SemaphoreSlim _opening = new(1, 1);
    private bool _disposed;

    public ConnectionPurpose Purpose => purpose;

    /// <summary>A channel slot on a live connection of this purpose; <paramref name="fresh"/> retires the current ones first.</summary>
    public async Task<ChannelLease> LeaseAsync(bool fresh, CancellationToken cancellation)
    {
        if (fresh) RetireAll();
        lock (_connections)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (TryLease() is { } lease) return lease;
        }
        await _opening.WaitAsync(cancellation);
        try
        {
            lock (_connections)
                if (TryLease() is { } lease) return lease;
            var client = await connector.ConnectAsync(cancellation);
            lock (_connections)
            {
                if (_disposed)
                {
                    client.Dispose();
                    throw new ObjectDisposedException(nameof(ConnectionPool));
                }
                var connection = new PooledConnection(client, this);
                _connections.Add(connection);
                return connection.Lease();
            }
        }
        finally
        {
            _opening.Release();
        }
    }

    /// <summary>Retires every connection of this purpose (after a node was found unresponsive).</summary>
    public void RetireAll()
    {
        lock (_connections)
            foreach (var connection in _connections.ToList()) Retire(connection);
    }

    internal void Retire(PooledConnection connection)
    {
        lock (_connections)
        {
            connection.Retired = true;
            if (connection.Channels == 0 && _connections.Contains(connection)) Close(connection);
        }
    }

    internal void Release(PooledConnection connection)
    {
        lock (_connections)
        {
            connection.Channels--;
            if ((connection.Retired || !connection.Client.IsConnected) && connection.Channels == 0 && _connections.Contains(connection)) Close(connection);
        }
    }

    private ChannelLease? TryLease()
    {
        foreach (var dead in _connections.Where(c => !c.Client.IsConnected).ToList()) Retire(dead);
        return _connections.FirstOrDefault(c => !c.Retired && c.Client.IsConnected && c.Channels < channelsPerConnection)?.Lease();
    }

    private void Close(PooledConnection connection)
    {
        _connections.Remove(connection);
        connection.Client.Dispose();
    }

    public void Dispose()
    {
        lock (_connections)
        {
            _disposed = true;
            foreach (var connection in _connections) connection.Client.Dispose();
            _connections.Clear();
        }
    }
}
