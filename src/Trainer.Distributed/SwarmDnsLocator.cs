using System.Net;

namespace Testbed.Trainer.Distributed;

/// <summary>
/// `--discover tasks.&lt;service&gt;:&lt;port&gt;`: Swarm's DNS returns one address per running task
/// (in no useful order), so every address is a candidate; the handshake tells which rank
/// answered. Replaces the thesis's sleep-then-nmap scan.
/// </summary>
public sealed class SwarmDnsLocator(PeerAddress service, int worldSize, Func<string, IPAddress[]>? resolve = null) : IPeerLocator
{
    private readonly BoundedLookup _lookup = new(resolve ?? Dns.GetHostAddresses);

    private string? _lastAnswer;

    public string LastLookup { get; private set; } = "not looked up yet";

    public IReadOnlyList<IPEndPoint> Candidates(int rank, TimeSpan limit)
    {
        var addresses = _lookup.Resolve(service.Host, limit, out var problem);
        if (addresses is null)
        {
            // Near the deadline a lookup gets only what time is left, often too little for a thread to
            // start: an answer seen before says more about the failure than that last timeout.
            LastLookup = _lastAnswer is { } answer ? $"{answer} (a later lookup: {problem})"
                : $"{problem}: no task of the service is running yet, or the resolver is unreachable";
            return [];
        }

        _lastAnswer = $"{service.Host} returned {addresses.Length} of {worldSize} address(es)" +
            (addresses.Length == 0 ? "" : $": {string.Join(", ", addresses.Select(a => a.ToString()))}");
        LastLookup = _lastAnswer;
        return [.. addresses.Select(a => new IPEndPoint(a, service.Port))];
    }
}
