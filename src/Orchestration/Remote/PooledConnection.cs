using Renci.SshNet;

namespace Testbed.Orchestration.Cluster;

/// <summary>One SSH connection of a pool and how many channels it carries now (changed under the pool's lock).</summary>
internal sealed class PooledConnection(SshClient client, ConnectionPool pool)
{
    public SshClient Client { get; } = client;
    public int Channels;
    public bool Retired;

    public ChannelLease Lease()
    {
        Channels++;
        return new ChannelLease(this, pool);
    }
}
