namespace Testbed.Orchestration.Cluster;

/// <summary>
/// The network interface that holds a node's address: what a foreign trainer's gloo must bind to
/// (GLOO_SOCKET_IFNAME). Without it gloo binds to whatever its host name resolves to, which inside
/// a chroot or on a host with several networks need not be the path the mode measures.
/// </summary>
public static class NodeInterfaces
{
    public static async Task<string> OfAddressAsync(ClusterNode node, CancellationToken cancellation)
    {
        // The address may be a host name (real hosts): resolve it on the node, then find the interface holding it.
        var script = $"a=$(getent ahostsv4 {ShellQuote.Quote(node.Address)} | awk 'NR==1 {{print $1}}'); " +
                     "ip -o -4 addr show | awk -v a=\"$a\" '{ split($4, p, \"/\"); if (p[1] == a) { print $2; exit } }'";
        var result = await node.Shell.RunAsync(script, TimeSpan.FromSeconds(30), cancellation, check: false, idempotent: true);
        var name = result.Output.Trim();
        if (result.ExitCode != 0 || name.Length == 0 || name.Contains('\n'))
        {
            throw new InvalidOperationException($"{node.Name}: no network interface holds its address {node.Address} " +
                $"(ip -o -4 addr show, exit {result.ExitCode}: {result.Output.Trim()}); " +
                "a foreign trainer's gloo needs it (GLOO_SOCKET_IFNAME). " +
                "Give the node's cluster entry the address the other nodes reach it at, and install iproute2 there.");
        }
        return name;
    }
}
