using System.Net;
using System.Net.Sockets;

namespace Testbed.Trainer.Distributed;

/// <summary>`--peers host:port,...`: rank r listens at entry r (used for native runs, where the addresses are known).</summary>
public sealed class StaticPeerLocator(IReadOnlyList<PeerAddress> peers, Func<string, IPAddress[]>? resolve = null) : IPeerLocator
{
    private readonly BoundedLookup _lookup = new(resolve ?? Dns.GetHostAddresses);

    public string LastLookup { get; private set; } = "not looked up yet";

    public IReadOnlyList<IPEndPoint> Candidates(int rank, TimeSpan limit)
    {
        var peer = peers[rank];
        if (IPAddress.TryParse(peer.Host, out var literal))
        {
            LastLookup = $"rank {rank} is {peer}";
            return [new IPEndPoint(literal, peer.Port)];
        }

        var addresses = _lookup.Resolve(peer.Host, limit, out var problem);
        var address = addresses?.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses?.FirstOrDefault();
        LastLookup = addresses is null ? problem : address is null ? $"{peer.Host} has no address" : $"rank {rank} is {peer} ({address})";
        return address is null ? [] : [new IPEndPoint(address, peer.Port)];
    }
}
