using System.Globalization;
using System.Net;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// The virtual nodes' LAN: a /24 with fixed addresses (node i at .11+i), so a node keeps its
/// address when its container is made again, and with it its swarm membership. Chosen from
/// 172.31.250.0/24 downwards, skipping any subnet another network of the engine or a route of
/// this host already covers. Never in 10.0.0.0/8: that is Swarm's default pool for overlay
/// networks inside the nodes, which must not overlap the LAN.
/// </summary>
public sealed record LanSubnet(uint Network)
{
    public const int FirstNodeOctet = 11;

    public string Cidr => $"{Format(Network)}/24";
    public string Gateway => Format(Network + 1);

    public string NodeAddress(int index) => index is >= 0 and < 200 ? Format(Network + (uint)(FirstNodeOctet + index))
        : throw new ArgumentOutOfRangeException(nameof(index), index, "at most 200 virtual nodes");

    public static LanSubnet? Parse(string cidr)
    {
        var parts = cidr.Split('/');
        if (parts.Length != 2 || parts[1] != "24" || !IPAddress.TryParse(parts[0], out var address)) return null;
        return new LanSubnet(ToUInt(address) & 0xFFFFFF00);
    }

    public static IEnumerable<LanSubnet> Candidates()
    {
        for (var third = 250; third >= 200; third--) yield return new LanSubnet((172u << 24) | (31u << 16) | ((uint)third << 8));
    }

    /// <summary>The first candidate that overlaps none of <paramref name="taken"/> (CIDRs).</summary>
    public static LanSubnet Choose(IEnumerable<string> taken)
    {
        var ranges = taken.Select(ParseRange).OfType<(uint Start, uint End)>().ToList();
        foreach (var candidate in Candidates())
        {
            var (start, end) = (candidate.Network, candidate.Network + 255);
            if (!ranges.Any(r => r.Start <= end && start <= r.End)) return candidate;
        }
        throw new InvalidOperationException("Every candidate subnet for the virtual nodes' LAN (172.31.200-250.0/24) " +
            "is taken by another network or route on this host. Free one, then run again.");
    }

    /// <summary>IPv4 routes of this host (other than the default route) as CIDRs, from /proc/net/route.</summary>
    public static IReadOnlyList<string> HostRoutes(string path = "/proc/net/route")
    {
        if (!File.Exists(path)) return [];
        var routes = new List<string>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var fields = line.Split('\t', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 8 || !uint.TryParse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var destination)
                || !uint.TryParse(fields[7], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask) || mask == 0)
            {
                continue;
            }
            // /proc/net/route is little-endian.
            routes.Add($"{Format(Swap(destination))}/{uint.PopCount(mask)}");
        }
        return routes;
    }

    private static (uint, uint)? ParseRange(string cidr)
    {
        var parts = cidr.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var bits) || bits is < 0 or > 32)
        {
            return null;
        }

        var mask = bits == 0 ? 0u : uint.MaxValue << (32 - bits);
        var start = ToUInt(address) & mask;
        return (start, start | ~mask);
    }

    private static uint ToUInt(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }

    private static uint Swap(uint value) => System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(value);

    private static string Format(uint value) => $"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}";
}
