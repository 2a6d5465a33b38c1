using System.Globalization;

namespace Testbed.Trainer.Distributed;

/// <summary>host:port as given on the command line.</summary>
public sealed record PeerAddress(string Host, int Port)
{
    public static PeerAddress Parse(string text, string flag)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new InputException($"{flag} '{text}': expected host:port with a port in 1..65535.");
        }

        return new PeerAddress(text[..colon].Trim('[', ']'), port);
    }

    public static IReadOnlyList<PeerAddress> ParseList(string text, string flag) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => Parse(p, flag))];

    public override string ToString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
