using System.Net;
using System.Net.Sockets;

namespace Testbed.Trainer.Distributed;

/// <summary>`--peers host:port,...`: rank r listens at entry r (used for native runs, where the addresses are known).</summary>
public sealed class StaticPeerLocator(IReadOnlyList<PeerAddress> peers) : IPeerLocator
{
    public string LastLookup { get; private set; } = "not looked up yet";

    public IReadOnlyList<IPEndPoint> Candidates(int rank)
    {
        PeerAddress peer = peers[rank];
        try
        {
            IPAddress[] addresses = Dns.GetHostAddresses(peer.Host);
            IPAddress? address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            LastLookup = address is null ? $"{peer.Host} has no address" : $"rank {rank} is {peer} ({address})";
            return address is null ? [] : [new IPEndPoint(address, peer.Port)];
        }
        catch (SocketException e)
        {
            LastLookup = $"{peer.Host} does not resolve ({e.Message})";
            return [];
        }
    }
}
